"""What ``handle_raw_email`` makes of the generated mix and of .eml corpora, as plain JSON, and
a check that two versions of the code agree on every output field.

Speed work on the parser must not change what it outputs. ``dump`` writes the outputs of the
code on ``PYTHONPATH``; ``compare`` runs ``dump`` under another checkout (``--baseline``, e.g.
a clone of main) and under this one, and lists every email whose output differs; ``golden``
writes the outputs of the generated mix that test_handler_golden.py holds the code to
(regenerate it when the rules change what they extract on purpose):

    python tests/services/parser/handler_outputs.py compare --baseline /tmp/main-clone \\
        --emails 2000 --seeds 1 2 3 --corpus tests/corpus/dev tests/corpus/real/dev
    python tests/services/parser/handler_outputs.py golden

The envelope is fixed (sync id, received_at), so the outputs depend on the email bytes only.
This file imports nothing from ``tests``: run under a baseline checkout, it reads that
checkout's ``services``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas.contracts.models import Provider, RawEmail
from services.cli.settings import process_environment
from services.domain.errors import InvalidMessage
from services.ops.mailbox_gen import build_email
from services.parser.handler import handle_raw_email

SYNC_ID = uuid.UUID(int=16)
RECEIVED_AT = datetime(2026, 1, 1, tzinfo=UTC)
TAG = "h"  # the handler bench's tag
GOLDEN = Path(__file__).with_name("handler_golden.json.gz")
GOLDEN_EMAILS, GOLDEN_SEED = 500, 1  # every kind of the mix, many times

Outputs = dict[str, dict[str, Any]]


def _envelope(name: str, raw: bytes) -> RawEmail:
    return RawEmail(
        sync_id=SYNC_ID,
        integration_id=1,
        user_id=1,
        tenant_id=1,
        provider=Provider.MAILDIR,
        provider_message_id=name[:200],
        thread_id=None,
        received_at=RECEIVED_AT,
        raw_size=len(raw),
        raw_b64="",  # the handler is given the bytes
    )


def _output(name: str, raw: bytes) -> dict[str, Any]:
    try:
        parsed = handle_raw_email(_envelope(name, raw), raw)
    except InvalidMessage as exc:  # nothing to parse (empty bytes): the reason is the output
        return {"invalid": str(exc)}
    dumped: dict[str, Any] = parsed.model_dump(mode="json")
    return dumped


def generated(emails: int, seed: int) -> Iterator[tuple[str, bytes]]:
    for index in range(emails):
        _, raw = build_email(index, seed=seed, tag=TAG)
        yield f"gen:{seed}:{index}", raw


def corpus(directory: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(directory.rglob("*.eml")):
        yield f"file:{path.as_posix()}", path.read_bytes()


def outputs(emails: int, seeds: Sequence[int], corpora: Sequence[Path]) -> Outputs:
    found: Outputs = {}
    for seed in seeds:
        found.update((name, _output(name, raw)) for name, raw in generated(emails, seed))
    for directory in corpora:
        found.update((name, _output(name, raw)) for name, raw in corpus(directory))
    return found


def read_golden() -> Outputs:
    found: Outputs = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    return found


def write_golden() -> None:
    found = outputs(GOLDEN_EMAILS, [GOLDEN_SEED], [])
    text = json.dumps(found, indent=0, sort_keys=True).encode()
    GOLDEN.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))


def differences(expected: Outputs, actual: Outputs) -> list[str]:
    """One line per email and field that differs (or is missing on one side)."""
    lines = []
    for name in sorted(expected.keys() | actual.keys()):
        old, new = expected.get(name), actual.get(name)
        if old is None or new is None:
            lines.append(f"{name}: only in {'actual' if old is None else 'expected'}")
            continue
        lines.extend(
            f"{name}: {key}: {old.get(key)!r} != {new.get(key)!r}"
            for key in sorted(old.keys() | new.keys())
            if old.get(key) != new.get(key)
        )
    return lines


def _dump_args(args: argparse.Namespace) -> list[str]:
    seeds = [str(s) for s in args.seeds]
    corpora = [str(Path(c).resolve()) for c in args.corpus]
    return ["--emails", str(args.emails), "--seeds", *seeds, "--corpus", *corpora]


def _run_dump(checkout: Path, args: argparse.Namespace) -> Outputs:
    env = {**process_environment(), "PYTHONPATH": str(checkout)}
    command = [sys.executable, str(Path(__file__).resolve()), "dump", *_dump_args(args)]
    done = subprocess.run(command, env=env, cwd=checkout, capture_output=True, check=False)
    if done.returncode:
        raise RuntimeError(f"dump failed in {checkout}:\n{done.stderr.decode()[-3000:]}")
    result: Outputs = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["dump", "compare", "golden"])
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1])
    parser.add_argument("--corpus", nargs="*", default=[])
    parser.add_argument("--baseline", type=Path, help="compare: the checkout to compare with")
    args = parser.parse_args()
    if args.mode == "dump":
        json.dump(outputs(args.emails, args.seeds, [Path(c) for c in args.corpus]), sys.stdout)
        return 0
    if args.mode == "golden":
        write_golden()
        return 0
    if args.baseline is None:
        parser.error("compare needs --baseline")
    expected = _run_dump(args.baseline.resolve(), args)
    actual = _run_dump(Path(__file__).resolve().parents[3], args)
    lines = differences(expected, actual)
    sys.stdout.write("\n".join(lines[:200]) + ("\n" if lines else ""))
    sys.stdout.write(f"{len(expected)} emails compared, {len(lines)} differences\n")
    return 1 if lines or not expected else 0


if __name__ == "__main__":
    sys.exit(main())
