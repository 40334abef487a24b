"""A requirement's matching profile is computed from its canonical fields without building a
job (services.db.requirement_state.profile_of): it must be the job's profile all the same."""

from __future__ import annotations

from typing import Any

import pytest

from services.db.requirement_state import as_job, profile_of
from services.domain import requirements as rules

_FIELDS: dict[str, Any] = {
    "title": "Sr. Java Dev II (W2 only)",
    "client": "Verizon Inc.",
    "location": "Columbus, OH",
    "skills": ["Java", " Spring Boot ", "", "Kafka"],
    "rate_min": 70,
    "rate_max": 75.5,
    "rate_unit": "hour",
    "job_ref": "VZ-20411",
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"rate_unit": None},  # bounds without a unit are no rate
        {"rate_min": None, "rate_max": 120000, "rate_unit": "year"},
        {"location": "Remote (US)", "client": None, "job_ref": None},
        {"location": None, "skills": [f"skill {n}" for n in range(10)]},  # the first 8 count
    ],
)
def test_profile_of_fields_is_the_profile_of_the_job_they_make(changes: dict[str, Any]) -> None:
    fields = {**_FIELDS, **changes}

    found = profile_of(fields)

    assert found == rules.profile(as_job(fields))
    assert repr(found) == repr(rules.profile(as_job(fields)))  # floats stay floats
