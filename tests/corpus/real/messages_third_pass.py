"""Third collection pass (2026-12-06): job posts and job-shaped look-alikes from mailman archives
not used before, labelled in the extraction contract.

Searched: 40 archives of the ``linux-mailinglist-archives`` organisation not used before, chosen
as lists that accept mail from non-members or carry spam, and the six used ones (README.md lists
them): each message's text scored for staffing vocabulary (C2C, W2, H1B, "Duration:",
"Location:", rate, resume, recruiter, …) and subjects searched for hiring words. No further US IT-staffing vendor
mail exists in them: every vendor requirement the scan finds is already in the first pass (the
Google Groups archives), and the other archives hold none. The Google Groups archives named as
leads (syzkaller, kunit-dev, outreachy-kernel, swupdate, linux-sunxi) and later epochs of the
used ones (``….googlegroups.com.1``) are not stored; ``open-iscsi.googlegroups.com.0`` is, and
holds no job mail.

This pass adds what was found: two employers' job posts (one with two roles), a product
newsletter that ends with a hiring call, a job platform's bulk recruiting mail, two candidates
mailing their CVs to a list, and two scams dressed as job mail. Each message's group (split
unit) is derived from its sender when the corpus is built (``build_real_corpus._sender_key``),
never chosen here, so the split cannot be steered.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from typing import Any

from tests.corpus.real.labelled import Real, job

__all__ = ["ARCHIVES", "LICENCE", "LIST_ADDRESSES", "MESSAGES", "NAMES"]

ARCHIVES = {
    "bmc": "openbmc.lists.ozlabs.org.0",
    "cake": "cake.lists.bufferbloat.net.0",
    "ipack": "industrypack-devel.lists.sourceforge.net.0",
    "nvd": "linux-nvdimm.lists.01.org.0",
    "mtd": "linux-mtd.lists.infradead.org.0",
}

# Lists that rewrite From to their own address ("X via Cake <cake@…>"): the sender is the
# display name (the rule of build_real_corpus._sender_key, extended to this pass's lists).
LIST_ADDRESSES = ("cake@", "openbmc@", "industrypack-devel@", "linux-nvdimm@")

LICENCE = (
    "No licence stated by the archive repository. Posts sent to a public mailing list and "
    "republished in its public archive; reproduced here as test data only, scrubbed of personal "
    "addresses, phone numbers and names."
)

# Applied to this pass's messages only (earlier passes' short names such as "Jan" would hit
# month names here).
NAMES = [
    ("Judy Truong", "Recruiter Eight"), ("ext_jtruong", "recruiter8"), ("sgee", "recruiter8b"),
    ("Dave Täht", "Sender Seventy-Six"), ("Dave Taht", "Sender Seventy-Six"), ("dave.taht", "sender76"),
    ("myfriendontheinside", "sender77"), ("Vijay Krishnan", "Founder One"), ("Jonathan Siddharth", "Founder Two"),
    ("~kvijay", "~person"), ("Vijay", "Founder One"), ("Krishnan", "Founder One"),
    ("Adam D'Angelo", "Investor One"), ("Beerud Sheth", "Investor Two"), ("Rob", "Engineer One"), ("Bishal", "Engineer Two"), ("Malisa", "Engineer Three"),
    ("Eder", "Engineer Four"), ("Faizan", "Engineer Five"), ("Badis", "Engineer Six"), ("Roshan", "Engineer Seven"), ("Zech", "Engineer Eight"), ("Shibin Jacob", "Applicant Eleven"), ("shibinjacob5", "applicant11"),
    ("Friska Citra", "Applicant Twelve"), ("friskacitra", "applicant12"), ("Nourhan Mahmoud", "Applicant Thirteen"),
    ("AndrewTaylorw15", "sender78"), ("Indra. ramdani", "Sender Seventy-Nine"), ("lauren.xw2", "sender80"), ("Sandra Becker", "Sender Eighty-One"),
    # "Tel: 1-831-…": the pattern takes the last ten digits and would leave the "1-" prefix
    ("1-831-435-0729", "(555) 010-9007"),
]  # fmt: skip


def _look_alike(archive: str, commit: str, slug: str, category: str, note: str) -> Real:
    return Real(archive, commit, slug, "", category, note, batch=3)


def _job_post(archive: str, commit: str, slug: str, note: str, *jobs: dict[str, Any]) -> Real:
    return Real(archive, commit, slug, "", "requirement", note, list(jobs), batch=3)


MESSAGES: list[Real] = [
    # --- job posts by employers ------------------------------------------------------------------
    _job_post("bmc", "407b67e41", "firmware_engineers_mid_and_senior",
              "employer's recruiter posts two levels of one opening: 'Mid-Level (~3 yrs)' and 'Senior-Level (8+ yrs)', titled by the two 'Apply Here' links; "
              "locations written 'NYC | Livingston, NJ | Bellevue, WA | Sunnyvale, CA' (in order of preference) → the first, New York, NY; "
              "'C/C++' → c, c++; 'OpenBMC and AMI environments' → openbmc, ami megarac; no type, mode or rate stated; the job ids appear only inside the links (gh_jid) → null",
              job("Firmware Engineer", client="CoreWeave", location="New York, NY", experience_years=3,
                  skills=["openbmc", "ami megarac", "c", "c++", "embedded systems", "spx", "linux", "git"]),
              job("Senior Firmware Engineer", client="CoreWeave", location="New York, NY", experience_years=8,
                  skills=["redfish", "c", "c++", "embedded systems", "openbmc", "ami megarac", "spx", "linux"])),
    _job_post("cake", "e0bea54", "equinix_principal_engineer_forwarded",
              "list member forwards one employer job: title, remote US location and requisition id only in the Workday link "
              "('Remote-Location---United-States-of-America/Principal-Engineer--Product-Software_JR-133989'); quoted description; "
              "location → Remote; the id sits only inside the link → null; no type, duration or rate",
              job("Principal Engineer, Product Software", client="Equinix", location="Remote", work_mode="remote",
                  skills=["cloud native", "networking", "vpp", "ebpf", "qat", "cloud automation", "distributed systems"])),
    # --- look-alikes ---------------------------------------------------------------------------
    _look_alike("cake", "ff714dcc3d", "starlink_update_with_hiring_line", "newsletter",
                "forwarded product newsletter (beta update) whose last paragraph asks engineers to send resumes: no specific opening → newsletter"),
    _look_alike("ipack", "98e864dca1", "job_platform_remote_jobs_pitch", "job_alert_digest",
                "job platform's bulk recruiting mail ('remote U.S. jobs waiting for engineers like you', skills list, 'start your application'): jobs in general, no specific opening"),
    _look_alike("nvd", "4de28105", "resume_subject_only", "submission",
                "candidate mailing his resume (subject 'RESUME'); the list stripped the attachment, the body is the list footer"),
    _look_alike("nvd", "836c06c5", "cv_named_candidate", "submission",
                "candidate mailing her CV (subject 'CV <name>'); the list stripped the attachment"),
    _look_alike("nvd", "6d3136cf", "cv_subject_waybill_phishing", "spam",
                "subject 'CV for your consideration', body a waybill/invoice phishing lure"),
    _look_alike("mtd", "3d1336b815", "marketing_firm_open_positions_scam", "spam",
                "'new custumer manager': job-scam prose ('several open positions', 'Guaranteed base pay: $73,300.00 - $90,200.00/year', must be 21+), no role, company or place named"),
    _look_alike("dd", "6be24b2642", "oil_company_foreign_applicants_scam", "spam",
                "'Urgent Position!' fake oil-company recruiting of 'foreign applicants' asking for CVs at a free-mail address: no real job"),
]  # fmt: skip
