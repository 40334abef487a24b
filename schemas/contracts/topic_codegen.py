"""Write ``generated/topics.py``: the ``Topic`` enum and the DLQ and retry maps, from the files.

Generated rather than built at import time so the type checker sees every member
(``Topic.EMAIL_RAW_DLQ``); ``python -m schemas.contracts.generate --check`` fails on any drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from schemas.contracts.topic_files import (
    TopicFile,
    read_topic_files,
    shared_retry_tiers,
    tier_delay_s,
)

TOPICS_MODULE = Path(__file__).parent / "generated" / "topics.py"

_HEADER = '''"""Every Kafka topic reqstream uses, derived from ``schemas/topics/*.yaml``.

Written by ``python -m schemas.contracts.generate``; do not edit. Each topic file declares one
topic and, when it is consumed, its dead-letter topic and retry tiers. Service code names topics
only through ``schemas.contracts.topics``.
"""

from enum import StrEnum
'''


def member(name: str) -> str:
    """The enum member of a topic name: "email.raw.retry.10s" → "EMAIL_RAW_RETRY_10S"."""
    return name.upper().replace(".", "_")


def _ref(name: str) -> str:
    return f"Topic.{member(name)}"


def render_topics_module(files: list[TopicFile]) -> str:
    tiers = shared_retry_tiers(files)
    lines = [_HEADER, "", "class Topic(StrEnum):", "    # declared by a file each"]
    lines += [f'    {member(f.name)} = "{f.name}"' for f in files]
    lines.append("    # derived: one dead-letter topic per consumed topic")
    lines += [f'    {member(n)} = "{n}"' for f in files if (n := f.dead_letter_name)]
    lines.append("    # derived: one retry topic per consumed topic and delay tier")
    lines += [f'    {member(n)} = "{n}"' for f in files for n in f.retry_names]
    lines += ["", "", "DEAD_LETTER_TOPIC: dict[Topic, Topic] = {"]
    lines += [f"    {_ref(f.name)}: {_ref(n)}," for f in files if (n := f.dead_letter_name)]
    lines += ["}", "RETRY_TOPICS: dict[Topic, tuple[Topic, ...]] = {"]
    for f in (f for f in files if f.retry_tiers):
        lines.append(f"    {_ref(f.name)}: (")
        lines += [f"        {_ref(n)}," for n in f.retry_names]
        lines.append("    ),")
    lines.append("}")
    lines.append(f"RETRY_TIERS: tuple[str, ...] = {_tuple(json.dumps(t) for t in tiers)}")
    delays = _tuple(repr(tier_delay_s(t)) for t in tiers)
    lines.append(f"DEFAULT_RETRY_DELAYS_S: tuple[float, ...] = {delays}  # seconds")
    return "\n".join(lines) + "\n"


def _tuple(items: Iterable[str]) -> str:
    values = list(items)
    return f"({values[0]},)" if len(values) == 1 else f"({', '.join(values)})"


def render() -> str:
    return render_topics_module(read_topic_files())
