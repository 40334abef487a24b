"""Title cleaning's pre-test never skips a value the job id pattern would cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import titles
from services.parser.rules.gate import fold
from services.parser.rules.locations import find_city_states, is_place
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


def _clean_title_asking_every_pattern(value: str) -> str | None:
    """clean_title as it was before its pre-tests: each pattern asked of every title."""
    title = titles._without_job_id(value.strip())
    title = titles._PARENS.sub(
        lambda m: "" if titles._FIELD_WORDS.search(m.group(0)) else m.group(0), title
    )
    parts = titles._TAIL_CUT.split(title, maxsplit=1)
    if len(parts) == 2 and (
        titles._FIELD_WORDS.search(parts[1]) or is_place(parts[1]) or not parts[1].strip()
    ):
        title = parts[0]
    for city_offset, _ in find_city_states(title)[:1]:
        if city_offset > 0 and titles.has_role_noun(title[:city_offset]):
            title = title[:city_offset]
    title = titles._TRAILING_NOISE.sub("", title)
    title = titles._DECORATION.sub("", " ".join(title.split()))
    if not title or len(title) > 120 or len(title.split()) > 12:
        return None
    return title


_TITLE_PARTS = ["Java Developer", " ", "  ", "\t", "\n", " - ", " – ", " | ", " @ ", " :: ",
                " || ", "with 5", " having 3", " in Dallas", " in ", "(", ")", "[", "]",
                "(Remote)", "[W2]", "(AEM)", "Dallas, TX", "Remote", "remote", "ON-SITE",
                "on site", "Onsite", "needed", "Required", "C2C", "w2", "only", "opportunity",
                "role", "Controle", ",", ";", ".", ":", "#", "*", "_", '"', "'", "•", ">", "-",
                "\u0130", "\u0131", "\u017f", "\u212a", "\u00a0", "\u2003"]  # fmt: skip


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from(_TITLE_PARTS) | st.text(max_size=3), max_size=10).map("".join))
def test_clean_title_is_the_patterns_asked_of_every_title(value: str) -> None:
    assert titles.clean_title(value) == _clean_title_asking_every_pattern(value)


def test_clean_title_of_every_corpus_line() -> None:
    for path, text in corpus_texts():
        for line in text.split("\n"):
            assert titles.clean_title(line) == _clean_title_asking_every_pattern(line), path


_ROLE_PARTS = ["Developer", "devs", "QA", "Scrum", "Master", "product", "OWNERS", "ba", "Bas",
               "sme", "devops", " ", "  ", ".", ")", "(", "-", "/", "\u017f", "\u212a",
               "\u0130", "\u0131", "x", "ers"]  # fmt: skip


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from(_ROLE_PARTS) | st.text(max_size=3), max_size=6).map("".join))
def test_a_phrase_ending_with_a_role_ends_with_a_role_word(phrase: str) -> None:
    """title_from_prose asks ROLE_NOUN of a phrase only when its last word ends with one of
    _ROLE_ENDS: no other phrase has a role's match ending at its end."""
    if any(m.end() == len(phrase) for m in titles.ROLE_NOUN.finditer(phrase)):
        assert fold(phrase.rsplit(" ", 1)[-1]).endswith(titles._ROLE_ENDS)
