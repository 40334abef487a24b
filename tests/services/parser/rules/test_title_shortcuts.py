"""Title cleaning's pre-test never skips a value the job id pattern would cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import titles
from tests.properties import examples
from tests.services.parser.rules.corpus_texts import corpus_texts

_PARTS = ["Java Developer", " ", " - ", "(", ")", "#", ":", "12345", "JR-99", "Job ID", "job id",
          "Req", "REQ #", "Requisition", "Ref", "rEf", "jr", "JR", "no", "\u0130", "\u0131",
          "\u017f", "\u212a", "x1", "-"]  # fmt: skip


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_PARTS) | st.text(max_size=3), max_size=10).map("".join))
def test_job_id_tail_is_cut_as_the_pattern_cuts_it(value: str) -> None:
    assert titles._without_job_id(value) == titles._JOB_ID_TAIL.sub("", value)


def test_job_id_tail_of_every_corpus_line() -> None:
    for path, text in corpus_texts():
        for line in text.split("\n"):
            assert titles._without_job_id(line) == titles._JOB_ID_TAIL.sub("", line), path


_INTENT_PARTS = ["need", "Needs", "NEEDED", "looking for", "hiring", "Hiring manager", "seeking",
                 "searching for", "requirement", "Requirements of", "opening", "positions for",
                 "a ", "an ", "the ", "strong ", "Java Developer", "\n", " ", ".", "\u017f",
                 "\u0130", "\u212a", "xneed"]  # fmt: skip


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_INTENT_PARTS) | st.text(max_size=3), max_size=10).map("".join))
def test_intents_are_the_patterns_matches(text: str) -> None:
    expected = [m.span() for m in titles._INTENT.finditer(text)]
    assert [m.span() for m in titles._intents(text)] == expected
