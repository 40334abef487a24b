"""Write the derived contract files: the ``Topic`` enum from the topic files, and the JSON
Schemas of the data topics from their pydantic models.

    python -m schemas.contracts.generate          # (re)write generated/topics.py and
                                                  # jsonschema/<topic>.v<N>.schema.json
    python -m schemas.contracts.generate --check  # exit 1 if a committed file differs

Output is deterministic (sorted keys, 2-space indent, trailing newline) so CI can diff it.
Dead-letter topics are not generated (their schema describes headers and is written by hand);
retry topics reuse their original topic's schema.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from schemas.contracts import topic_codegen
from schemas.contracts.codec import get_codec
from schemas.contracts.registry import JSONSCHEMA_DIR
from schemas.contracts.topics import DERIVED_TOPICS, Topic

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATA_TOPICS: tuple[Topic, ...] = tuple(t for t in Topic if t not in DERIVED_TOPICS)

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def schema_id(topic: Topic, version: int) -> str:
    return f"urn:reqstream:schemas:{topic.value}.v{version}"


def schema_filename(topic: Topic, version: int) -> str:
    return f"{topic.value}.v{version}.schema.json"


class ContractJsonSchema(GenerateJsonSchema):
    """Pydantic's generator with the repo's title rule: only snake_case titles, no field titles.

    Pydantic titles every field ("Sync Id") and every enum after its class ("WorkMode"); the
    contract keeps titles for named types only, snake_case, so they stay unique within a schema.
    """

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def generate(
        self, schema: core_schema.CoreSchema, mode: JsonSchemaMode = "validation"
    ) -> JsonSchemaValue:
        json_schema = super().generate(schema, mode)
        # enum titles are applied after enum_schema() runs, so rename them on the finished $defs
        for definition in json_schema.get("$defs", {}).values():
            if "enum" in definition and "title" in definition:
                definition["title"] = _CAMEL_BOUNDARY.sub("_", definition["title"]).lower()
        return json_schema


def build_schema(topic: Topic) -> dict[str, Any]:
    codec = get_codec(topic)
    body = codec.model.model_json_schema(schema_generator=ContractJsonSchema)
    return {"$schema": DRAFT, "$id": schema_id(topic, codec.version), **body}


def render(topic: Topic) -> str:
    return json.dumps(build_schema(topic), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def target_path(topic: Topic) -> Path:
    return JSONSCHEMA_DIR / schema_filename(topic, get_codec(topic).version)


def stale_files() -> list[Path]:
    """Committed schema files that differ from what the models generate (or are missing)."""
    stale = []
    if topic_codegen.TOPICS_MODULE.read_text(encoding="utf-8") != topic_codegen.render():
        stale.append(topic_codegen.TOPICS_MODULE)
    for topic in DATA_TOPICS:
        path = target_path(topic)
        if not path.exists() or path.read_text(encoding="utf-8") != render(topic):
            stale.append(path)
    return stale


def write_all() -> list[Path]:
    topic_codegen.TOPICS_MODULE.write_text(topic_codegen.render(), encoding="utf-8")
    written = [topic_codegen.TOPICS_MODULE]
    for topic in DATA_TOPICS:
        path = target_path(topic)
        path.write_text(render(topic), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m schemas.contracts.generate")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a committed schema differs from the models"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            sys.stderr.write(f"stale: {path} (run python -m schemas.contracts.generate)\n")
        return 1 if stale else 0
    for path in write_all():
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
