"""Hand-written employer posts (``hz15``–``hz18``, mail indexes 104–107) whose job is named only
in a Workday job link or in a "Hiring <role> at <employer>" subject, as the real dev corpus
showed. Written by us (issue 13, real13 helper); split like ``CASES``: index 1 or 3 modulo 5 →
``heldout/``."""

# ruff: noqa: E501  (bodies and labels are data)

from __future__ import annotations

from typing import Any

from tests.corpus.handwritten.look_alike_cases import Case, Mail
from tests.corpus.real.labelled import job


def _requirement(note: str, *jobs: dict[str, Any]) -> dict[str, Any]:
    return {"is_job": True, "category": "requirement", "note": note, "jobs": list(jobs)}


def employer_post_cases(mail: Mail) -> list[Case]:
    return [
        (
            "hz15_workday_link_only.eml",
            mail(
                104,
                "[dev-list] nice team, worth a look",
                "The storage folks at Northwind have been great to this project. If you know of anyone who would like to join them:\n\nhttps://northwind.wd5.myworkdayjobs.com/Careers/job/Austin-TX/Senior-Data-Engineer--Platform_R-20431\n\nThey build the pipelines behind the project's CI.\n",
            ),
            _requirement(
                "a list member forwards a Workday link: title, place and employer only in the link; the id sits only in the link → null",
                job("Senior Data Engineer, Platform", client="Northwind", location="Austin, TX"),
            ),
        ),
        (
            "hz16_workday_link_remote.eml",
            mail(
                105,
                "Fwd: open role on the kernel team",
                "Know someone who'd enjoy this? Forwarding for a friend:\n\nhttps://contoso.wd1.myworkdayjobs.com/External/job/Remote-Location---United-States-of-America/Staff-Kernel-Engineer_JR-77120\n",
            ),
            _requirement(
                "Workday link only; 'Remote-Location---United-States-of-America' → Remote",
                job(
                    "Staff Kernel Engineer", client="Contoso", location="Remote", work_mode="remote"
                ),
            ),
        ),
        (
            "hz17_hiring_role_at_employer_subject.eml",
            mail(
                106,
                "[sdr-users] Hiring Antenna Engineers at Skyhook Labs",
                "Hi all,\n\nWe're looking for engineers who enjoy building phased arrays. If that sounds like you, reply to me and apply on our site.\n\nThanks,\nDana\n",
            ),
            _requirement(
                "employer's post: role and employer only in the subject 'Hiring <role> at <employer>'; nothing else stated",
                job("Antenna Engineers", client="Skyhook Labs"),
            ),
        ),
        (
            "hz18_were_hiring_role_at_employer.eml",
            mail(
                107,
                "We're hiring: Firmware Technicians at Nordlake",
                "Hello list,\n\nWe are looking for firmware technicians to join our lab. Send me a note if you are interested.\n\nRegards,\nPat\n",
            ),
            _requirement(
                "employer's post: 'We're hiring: <role> at <employer>' subject; nothing else stated",
                job("Firmware Technicians", client="Nordlake"),
            ),
        ),
    ]
