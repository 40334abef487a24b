"""``field_evidence`` builds the parser's FieldEvidence without the validator: the same instance
as ``FieldEvidence(...)`` for every value the model accepts, the same error for the rest."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.contracts.models import FieldEvidence
from services.parser.rules.evidence_record import field_evidence
from tests.properties import examples


class _Text(str):
    """A str subclass: the validator makes it a plain str, so the shortcut must not take it."""


_INTS = st.one_of(st.integers(min_value=-3, max_value=10**6), st.booleans())
_STRS = st.one_of(
    st.text(max_size=3),
    st.text(min_size=38, max_size=42),
    st.text(min_size=298, max_size=302),
    st.text(min_size=498, max_size=502),
    st.builds(_Text, st.text(max_size=5)),
)


def _same(args: tuple[Any, ...]) -> None:
    names = ("job_index", "field", "source", "start", "end", "text")
    try:
        expected = FieldEvidence(**dict(zip(names, args, strict=True)))
    except ValidationError as error:
        with pytest.raises(ValidationError) as raised:
            field_evidence(*args)
        assert raised.value.errors() == error.errors()
        return
    found = field_evidence(*args)
    assert found == expected
    assert found.model_fields_set == expected.model_fields_set
    assert {k: type(v) for k, v in vars(found).items()} == {
        k: type(v) for k, v in vars(expected).items()
    }
    assert found.model_dump_json() == expected.model_dump_json()
    assert hash(found) == hash(expected)


@settings(max_examples=examples(500), deadline=None)
@given(st.tuples(_INTS, _STRS, _STRS, _INTS, _INTS, _STRS))
def test_the_same_evidence_or_the_same_error(args: tuple[Any, ...]) -> None:
    _same(args)


@pytest.mark.parametrize(
    "args",
    [
        (0, "rate", "body", 3, 9, "$60/hr"),
        (2, "title", "attachment:" + "x" * 289, 0, 0, ""),  # the bounds themselves
        (-1, "rate", "body", 3, 9, "$60/hr"),
        (0, "", "body", 3, 9, "x"),
        (0, "rate", "a" * 301, 3, 9, "x"),
        (0, "rate", "body", 3, 9, "x" * 501),
        (True, "rate", "body", 3, 9, "x"),
        (0, "rate", "body", -3, 9, "x"),
        (0, _Text("rate"), "body", 3, 9, "x"),
        (0, "rate", _Text("body"), 3, 9, "x"),
        (0, "rate", "body", 3, 9, _Text("x")),
        (0, "rate", "body", False, True, "x"),
    ],
)
def test_the_edges(args: tuple[Any, ...]) -> None:
    _same(args)


def test_the_instance_is_frozen() -> None:
    found = field_evidence(0, "rate", "body", 3, 9, "$60/hr")
    with pytest.raises(ValidationError):
        found.start = 4  # type: ignore[misc]
