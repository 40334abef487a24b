"""The parser's output on the generated mix is what it was: speed work must not change it.

``handler_golden.json.gz`` holds ``handle_raw_email``'s output for the first 500 emails of
the bench's generated mix. A rule change that alters extraction on purpose regenerates it:
``python tests/services/parser/handler_outputs.py golden`` (and says so in its commit).
"""

from __future__ import annotations

from tests.services.parser.handler_outputs import (
    GOLDEN_EMAILS,
    GOLDEN_SEED,
    differences,
    outputs,
    read_golden,
)


def test_generated_mix_parses_as_the_golden_outputs() -> None:
    found = differences(read_golden(), outputs(GOLDEN_EMAILS, [GOLDEN_SEED], []))
    assert not found, "\n".join(found[:20])
