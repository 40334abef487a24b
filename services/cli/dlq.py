"""reqstream dlq list|redrive: inspect dead-letter topics and re-drive dead letters.

Kafka comes from --bootstrap, else KAFKA_BOOTSTRAP_SERVERS (CliSettings).
"""

from __future__ import annotations

import json
import re

import typer

from services.cli.settings import CliSettings
from services.ops.dlq import (
    DeadLetter,
    OpsError,
    Selection,
    dead_letter_topic,
    list_dead_letters,
    redrive,
)

app = typer.Typer(help="Dead-letter topics: list and re-drive", no_args_is_help=True)

_REASON_WIDTH = 70  # characters of a reason in the table view

TOPIC_HELP = "a dead-letter topic, e.g. email.raw.dlq"
BOOTSTRAP_HELP = "Kafka bootstrap servers; default: KAFKA_BOOTSTRAP_SERVERS"


def bootstrap_servers(given: str | None) -> str:
    bootstrap = given or CliSettings().KAFKA_BOOTSTRAP_SERVERS
    if not bootstrap:
        typer.echo("no Kafka: pass --bootstrap or set KAFKA_BOOTSTRAP_SERVERS", err=True)
        raise typer.Exit(2)
    return bootstrap


def _fail(exc: OpsError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


def _short(text: str, width: int = _REASON_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(letter: DeadLetter, *, show_value: bool) -> str:
    view = letter.as_dict(show_value=show_value)
    if letter.headers is None:
        head = f"{letter.partition}@{letter.offset} key={view['key']} unreadable headers"
        return f"{head}: {_short(letter.header_error or '')}"
    line = (
        f"{letter.partition}@{letter.offset} key={view['key']} stage={view['stage']} "
        f"from={view['original_topic']}[{view['original_partition']}]@{view['original_offset']} "
        f"attempts={view['attempts']} first_failure={view['first_failure_time']} "
        f"redrives={view['redrives']} class={view['error_class']}\n"
        f"    reason: {_short(view['reason'])}"
    )
    if show_value:
        line += f"\n    value: {view['value']}"
    return line


@app.command("list")
def list_command(
    topic: str = typer.Option(..., "--topic", help=TOPIC_HELP),
    limit: int | None = typer.Option(None, "--limit", min=0, help="show at most N (oldest first)"),
    json_output: bool = typer.Option(False, "--json", help="one JSON document"),
    show_value: bool = typer.Option(
        False, "--show-value", help="include the message value (may hold personal data)"
    ),
    bootstrap: str | None = typer.Option(None, "--bootstrap", help=BOOTSTRAP_HELP),
) -> None:
    """Each dead letter: partition, offset, key and its dlq_* headers; then counts by reason.

    Values are not shown unless --show-value. Reads with a throwaway consumer group; commits
    nothing.
    """
    servers = bootstrap_servers(bootstrap)
    try:
        listing = list_dead_letters(servers, dead_letter_topic(topic), limit=limit)
    except OpsError as exc:
        raise _fail(exc) from exc
    if json_output:
        document = {
            "topic": listing.topic,
            "total": listing.total,
            "redrive_position": {str(p): o for p, o in listing.redrive_position.items()},
            "dead_letters": [d.as_dict(show_value=show_value) for d in listing.dead_letters],
            "counts_by_reason": listing.counts_by_reason,
        }
        typer.echo(json.dumps(document, indent=2))
        return
    for letter in listing.dead_letters:
        typer.echo(_line(letter, show_value=show_value))
    shown = len(listing.dead_letters)
    more = f" ({shown} shown)" if shown < listing.total else ""
    position = ", ".join(f"{p}@{o}" for p, o in sorted(listing.redrive_position.items()))
    typer.echo(f"{listing.total} dead letter(s) on {listing.topic}{more}")
    typer.echo(f"re-drive position: {position or '-'} (-1: never re-driven)")
    for reason, n in listing.counts_by_reason.items():
        typer.echo(f"{n:>6}  {_short(reason)}")


@app.command("redrive")
def redrive_command(
    topic: str = typer.Option(..., "--topic", help=TOPIC_HELP),
    filter_reason: str | None = typer.Option(
        None, "--filter-reason", help="only dead letters whose reason matches this regex"
    ),
    filter_key: str | None = typer.Option(
        None, "--filter-key", help="only dead letters with this key"
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="show what would be re-driven; produce and commit nothing"
    ),
    from_beginning: bool = typer.Option(
        False,
        "--from-beginning",
        help="examine the whole topic, not just what the last runs left (re-drives again)",
    ),
    json_output: bool = typer.Option(False, "--json", help="print the summary as JSON"),
    bootstrap: str | None = typer.Option(None, "--bootstrap", help=BOOTSTRAP_HELP),
) -> None:
    """Re-produce dead letters' original key, value and headers to their original topic.

    Progress is the consumer group reqstream-redrive-<topic>, committed after each message is
    acknowledged: a second run re-drives nothing twice. Every dead letter a run examines is
    passed, also those the filters did not select (use --from-beginning to revisit them). The
    message carries reqstream_redrive (count), dlq_attempts and dlq_first_failure_time, so if it
    fails again its new dead letter has attempts + 1 and the same first failure time.
    """
    servers = bootstrap_servers(bootstrap)
    try:
        pattern = re.compile(filter_reason) if filter_reason is not None else None
    except re.error as exc:
        typer.echo(f"--filter-reason is not a regex: {exc}", err=True)
        raise typer.Exit(2) from exc
    verb = "would re-drive" if dry_run else "re-driven"

    def show(letter: DeadLetter) -> None:
        if not json_output and letter.headers is not None:
            typer.echo(
                f"{verb} {letter.partition}@{letter.offset} key={letter.key_text} → "
                f"{letter.headers.original_topic.value}: {_short(letter.headers.reason)}"
            )

    try:
        result = redrive(
            servers,
            dead_letter_topic(topic),
            selection=Selection(reason=pattern, key=filter_key),
            dry_run=dry_run,
            from_beginning=from_beginning,
            on_redrive=show,
        )
    except OpsError as exc:
        raise _fail(exc) from exc
    summary = result.summary()
    if json_output:
        typer.echo(json.dumps(summary))
        return
    typer.echo(
        f"{summary['redriven']} {verb}, {summary['filtered_out']} not selected, "
        f"{summary['unreadable']} unreadable, {summary['examined']} examined "
        f"(group {summary['group']}{', dry run' if dry_run else ''})"
    )
