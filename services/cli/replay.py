"""reqstream replay: re-produce a time range of a topic onto the same topic.

Kafka comes from --bootstrap, else KAFKA_BOOTSTRAP_SERVERS (CliSettings).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from services.cli.dlq import BOOTSTRAP_HELP, bootstrap_servers
from services.ops.dlq import OpsError
from services.ops.replay import replay, replayable_topic


def parse_time(value: str, option: str) -> datetime:
    """ISO 8601 / RFC 3339 (``Z`` allowed); a time without offset is UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"not an ISO 8601 time: {value!r}", param_hint=option) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def replay_command(
    topic: str = typer.Option(..., "--topic", help="a data topic, e.g. email.raw"),
    since: str = typer.Option(..., "--since", help="e.g. 2026-11-01T00:00:00Z"),
    until: str | None = typer.Option(None, "--until", help="default: the end when it starts"),
    tenant: int | None = typer.Option(None, "--tenant", help="only this tenant's messages"),
    dry_run: bool = typer.Option(False, "--dry-run", help="count only; produce nothing"),
    json_output: bool = typer.Option(False, "--json", help="print the summary as JSON"),
    bootstrap: str | None = typer.Option(None, "--bootstrap", help=BOOTSTRAP_HELP),
) -> None:
    """Replay messages from --since (to --until) onto the same topic, for the live pipeline.

    Each copy keeps key, value and headers and gets a reqstream_replay header (the replay id).
    Downstream is idempotent: a replayed email creates no second job; one extracted by a newer
    extractor version updates its jobs (old values kept in job_posting_history).
    """
    servers = bootstrap_servers(bootstrap)
    start = parse_time(since, "--since")
    stop = parse_time(until, "--until") if until is not None else None
    try:
        result = replay(
            servers,
            replayable_topic(topic),
            since=start,
            until=stop,
            tenant=tenant,
            dry_run=dry_run,
        )
    except OpsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    summary = result.summary()
    if json_output:
        typer.echo(json.dumps(summary))
        return
    verb = "would replay" if dry_run else "replayed"
    typer.echo(
        f"replay {result.replay_id}: {result.replayed} {verb}, {result.other_tenants} of other "
        f"tenants, {result.undecodable} undecodable, {result.scanned} scanned on {result.topic}"
    )
    for r in result.ranges:
        if r.size:
            replayed = result.by_partition.get(r.partition, 0)
            typer.echo(f"  partition {r.partition}: offsets {r.start}..{r.end - 1}, {replayed}")
