"""Failure classes real vendor mail shows (issue 13), one focused test each: locations, client
non-names, numbers, visa and type, look-alike categories, multi-role and terse mail."""

from __future__ import annotations

import pytest

from schemas.contracts.models import WorkMode
from services.parser.rules import fields, tokens
from services.parser.rules.locations import normalise_location


@pytest.mark.parametrize(
    ("value", "location"),
    [
        ("Raleigh North Carolina 27601", "Raleigh, NC"),
        ("Durham North Carolina 27707", "Durham, NC"),
        ("Virginia", "VA"),
        ("Pennsylvania", "PA"),
        ("TX/OK/LA", "TX"),
        ("Ohio, Indiana & Michigan", "OH"),
        ("Maryland, Arizona & Pennsylvania", "MD"),
        ("Arizona/NJ, Massachusetts", "AZ"),
        ("Remote (CST hours)", "Remote"),
        ("Hybrid - 3 days onsite in Tampa", "Tampa, FL"),
        ("LA", "Los Angeles, CA"),
        ("Senior Developer Virginia", None),
    ],
)
def test_state_name_zip_state_only_and_lists(value: str, location: str | None) -> None:
    assert normalise_location(value) == location


def test_hybrid_days_in_a_city_is_hybrid() -> None:
    assert tokens.work_mode("Hybrid - 3 days onsite in Tampa") == WorkMode.HYBRID


def test_working_from_a_named_office_is_onsite() -> None:
    assert tokens.work_mode("working from Irvine office") == WorkMode.ONSITE
    assert tokens.work_mode("working from home office") is None


@pytest.mark.parametrize(
    "value",
    ["Undisclosed", "Confidential", "Healthcare domain", "A leading bank",
     "Investment Management Domain", "Confidential client", "Direct"],
)  # fmt: skip
def test_client_descriptions_are_not_names(value: str) -> None:
    assert fields.client_name(value) is None


def test_client_names_stay() -> None:
    assert fields.client_name("Bank of America") == "Bank of America"
    assert fields.client_name("Domain Tools Inc") == "Domain Tools Inc"
