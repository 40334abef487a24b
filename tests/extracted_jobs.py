"""Extracted jobs for tests that go over every field of the registry."""

from __future__ import annotations

from schemas.contracts.models import EmploymentType, ExtractedJob, Rate, Visa, WorkMode

# every field set, with values no test text needs to carry
FULL_JOB = ExtractedJob(
    title="Sr Java Developer",
    client="Contoso Bank",
    location="Dallas, TX",
    work_mode=WorkMode.HYBRID,
    employment_types=[EmploymentType.C2C, EmploymentType.W2],
    duration_months=12,
    rate=Rate(min=55, max=60, unit="hour"),
    skills=["Java", "Spring"],
    experience_years=10,
    visa=[Visa.USC, Visa.GC],
    job_id="JR-1042",
)
