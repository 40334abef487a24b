"""Hand-written employer posts (``hz15``–``hz23``, mail indexes 104–112) whose job is named only
in a Workday job link, in a "Hiring <role> at <employer>" subject, or in one line of prose next
to a job board's link, as the real dev corpus showed; and a newsletter with a careers link that
must stay a newsletter; and employers whose own subject names them ("<Employer> is hiring",
"… @ <Employer>"), the client of their job. Written by us (issue 13, real13 helper); split like ``CASES``: index 1 or 3 modulo 5 →
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
        (
            "hz19_lab_recruiting_postdoc_link.eml",
            mail(
                108,
                "[sdr-users] Postdoc opening",
                "Dear colleagues,\n\nOur lab is recruiting a postdoctoral researcher for work on spectrum sensing. Please consider applying if interested:\nhttps://careers.example.edu/jobs/5512\n\nBest,\nProfessor Two\n",
            ),
            _requirement(
                "a lab's two-line post: the role named once in prose, details behind a job board's link; no employer name, place or other field stated",
                job("postdoctoral researcher"),
            ),
        ),
        (
            "hz20_newsletter_with_careers_link.eml",
            mail(
                109,
                "Acme Monthly Newsletter - March",
                "In this issue: the 4.2 release, a new plugin API and our conference talks.\n\nWe're hiring! See https://acme.example.com/careers/ for open roles.\n\nRead more on our blog.\n",
            ),
            {
                "is_job": False,
                "category": "newsletter",
                "note": "a monthly newsletter with a careers link and no named role → newsletter",
                "jobs": [],
            },
        ),
        (
            "hz21_seeking_research_engineer_link.eml",
            mail(
                110,
                "Research Engineer",
                "Hello all,\n\nWe are seeking a Research Engineer to build our software radio test bed. Apply here: https://jobs.example.org/postings/881\n\nThanks,\nLee\n",
            ),
            _requirement(
                "an employer's short post: 'seeking a Research Engineer' and a job board's link; nothing else stated",
                job("Research Engineer"),
            ),
        ),
        (
            "hz22_employer_is_hiring_subject.eml",
            mail(
                111,
                "[sdr-users] Orbitline is hiring a Hardware Engineer",
                "Hi all,\n\nWe are looking for a hardware engineer to join our team in Boulder, CO. Please send resumes to me directly.\n\nThanks,\nKim\n",
            ),
            _requirement(
                "an employer's own post: '<Employer> is hiring …' names the client; the place is in the body",
                job("Hardware Engineer", client="Orbitline", location="Boulder, CO"),
            ),
        ),
        (
            "hz23_hiring_at_employer_with_levels.eml",
            mail(
                112,
                "We're Hiring: Test Engineers (All Levels) @ Veloxa",
                "Hello everyone,\n\nVeloxa is growing its test team.\n\nRole: Test Engineer\nLocation: Denver, CO\n\nPlease send resumes to me.\n",
            ),
            _requirement(
                "an employer's subject '… @ <Employer>' names the client of the labelled role",
                job("Test Engineer", client="Veloxa", location="Denver, CO"),
            ),
        ),
    ]
