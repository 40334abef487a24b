"""The total order of extractions: semantic versions within an extractor, precedence across."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.contracts.models import Extractor
from services.domain.extractor_versions import EXTRACTOR_PRECEDENCE, extraction_rank, supersedes


def rules(version: str) -> Extractor:
    return Extractor(name="rules", version=version)


def llm(version: str) -> Extractor:
    return Extractor(name="openai", version=version)


@pytest.mark.parametrize(
    ("candidate", "current"),
    [
        ("1.2.0", "1.1.0"),
        ("1.10.0", "1.9.0"),
        ("1.10.0", "1.9.3"),
        ("9.0.0", "1.1.0"),
        ("v2", "1.9"),
        ("1.1.1", "1.1"),
        ("1.2.0", "1.2.0-rc.1"),
        ("1.2.0-rc.2", "1.2.0-rc.1"),
        ("1.2.0-rc.10", "1.2.0-rc.9"),
        ("1.2.0-rc.1", "1.2.0-1"),  # semver: a numeric pre-release part before a word
        ("0.1.0", "no-number"),
    ],
)
def test_within_the_rules_a_higher_semantic_version_supersedes(
    candidate: str, current: str
) -> None:
    assert supersedes(rules(candidate), rules(current))
    assert not supersedes(rules(current), rules(candidate))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("1.1.0", "1.1.0"),
        ("1.1", "1.1.0"),
        ("v1.1.0", "1.1.0"),
        ("1.1.0+build.7", "1.1.0"),  # build metadata does not order
    ],
)
def test_the_same_version_spelled_twice_supersedes_neither_way(one: str, other: str) -> None:
    assert not supersedes(rules(one), rules(other))
    assert not supersedes(rules(other), rules(one))


def test_a_prompt_bump_supersedes_and_orders_numerically() -> None:
    # as strings "prompt-v10" < "prompt-v9": the old comparison never updated these jobs
    assert supersedes(llm("gpt-4o-mini/prompt-v10"), llm("gpt-4o-mini/prompt-v9"))
    assert supersedes(llm("gpt-4o-mini/prompt-v2"), llm("gpt-4o/prompt-v1"))
    assert not supersedes(llm("gpt-4o-mini/prompt-v9"), llm("gpt-4o-mini/prompt-v10"))


def test_a_model_swapped_without_a_prompt_bump_is_the_same_version() -> None:
    assert not supersedes(llm("gpt-4o/prompt-v1"), llm("gpt-4o-mini/prompt-v1"))
    assert not supersedes(llm("gpt-4o-mini/prompt-v1"), llm("gpt-4o/prompt-v1"))


@pytest.mark.parametrize(
    "model_version",
    ["gpt-x/prompt-v1", "01-ai/Yi-1.5-34B-Chat/prompt-v1", "0-mini/prompt-v1", "Qwen/prompt-v1"],
)
@pytest.mark.parametrize("rules_version", ["1.1.0", "1.10.0", "99.0.0", "0.1"])
def test_the_model_extractor_supersedes_the_rules_whatever_the_versions(
    model_version: str, rules_version: str
) -> None:
    # as strings, "01-ai/…" < "1.1.0" and "1.1.0" < "gpt-x/…": the old comparison got the
    # answer right only when the model's name happened to sort after the rules' version
    assert supersedes(llm(model_version), rules(rules_version))
    assert not supersedes(rules(rules_version), llm(model_version))


def test_an_unlisted_extractor_ranks_below_every_listed_one() -> None:
    chaos = Extractor(name="chaos", version="99")
    for name in EXTRACTOR_PRECEDENCE:
        listed = Extractor(name=name, version="0.0.1")
        assert supersedes(listed, chaos) and not supersedes(chaos, listed)
    # among unlisted extractors, by name: still an order
    other = Extractor(name="zeta", version="1")
    assert supersedes(other, chaos) != supersedes(chaos, other)


names = st.sampled_from([*EXTRACTOR_PRECEDENCE, "chaos", "zeta"])
versions = st.one_of(
    st.lists(st.integers(0, 12), min_size=1, max_size=4).map(lambda p: ".".join(map(str, p))),
    st.from_regex(r"\A[a-z0-9.-]{1,8}/prompt-v[0-9]{1,2}\Z"),
    st.from_regex(r"\A[0-9]\.[0-9]\.[0-9]-(rc|beta)\.[0-9]\Z"),
    st.text(min_size=1, max_size=12),
)
extractors = st.builds(Extractor, name=names, version=versions)


@given(extractors, extractors, extractors)
def test_the_order_is_total_and_transitive(a: Extractor, b: Extractor, c: Extractor) -> None:
    # exactly one of a < b, a == b, a > b (as ranks), and supersession chains
    ranks = (extraction_rank(a), extraction_rank(b))
    assert sum([ranks[0] < ranks[1], ranks[0] == ranks[1], ranks[0] > ranks[1]]) == 1
    assert not (supersedes(a, b) and supersedes(b, a))
    if supersedes(a, b) and supersedes(b, c):
        assert supersedes(a, c)
