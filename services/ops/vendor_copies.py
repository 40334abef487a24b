"""Copies of one requirement from several vendors, for the chaos run: what a recruiting agency
gets every day. Each requirement is sent by ``copies`` vendors (other senders and mail domains),
each in its own layout (labelled, HTML table, prose, quoted-printable) with its own title
wording (Senior/Sr), rate mark-up and job id (the first vendor quotes the client's, the others
their own); the first vendor's mail is a blast that lands in every mailbox of a tenant under
one Message-ID.

The requirements sit in cities and at clients that mailbox_gen's generated mail never uses, and
no two share a role and a city, so what should be one requirement is exactly the copies of one
``cluster``. Same arguments → the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.ops.mailbox_gen import (
    CITIES,
    REQUIREMENT_LAYOUTS,
    ROLE_KEYWORDS,
    VENDORS,
    VISAS,
    WORK_MODES,
    GeneratedEmail,
    RequirementSpec,
    render_email,
    subject_has_role,
)

COPY_CITIES = ("Tampa, FL", "Denver, CO", "Raleigh, NC", "Austin, TX", "Boston, MA")
COPY_CLIENTS = ("Delta Air Lines", "Target", "Pfizer", "Comcast", "T-Mobile", "Fannie Mae")
assert not set(COPY_CITIES) & set(CITIES)  # no generated requirement can match a copy
MAX_CLUSTERS = len(ROLE_KEYWORDS) * len(COPY_CITIES)


@dataclass(frozen=True)
class VendorCopy:
    cluster: str  # the requirement this mail is a copy of
    email: GeneratedEmail
    raw: bytes
    blast: bool  # meant for every mailbox of a tenant, under one Message-ID


def vendor_copies(*, clusters: int, copies: int, seed: int, sent: datetime) -> list[VendorCopy]:
    """``copies`` vendors' mails (2 to 4: one vendor and one layout each) for each of
    ``clusters`` requirements, dated from ``sent`` on (the matching window is counted back from
    the jobwriter's clock, so a run dates them now)."""
    if not 2 <= copies <= min(len(VENDORS), len(REQUIREMENT_LAYOUTS)):
        raise ValueError(f"copies must be 2 to {len(VENDORS)}, not {copies}")
    if not 0 <= clusters <= MAX_CLUSTERS:
        raise ValueError(f"clusters must be 0 to {MAX_CLUSTERS}, not {clusters}")
    written = []
    layouts = list(REQUIREMENT_LAYOUTS.items())
    for number in range(clusters):
        rng = random.Random(f"{seed}:copies:{number}")
        base = _requirement(number, rng)
        for copy in range(copies):
            vendor = VENDORS[(number + copy) % len(VENDORS)]
            kind, layout = layouts[(number + 2 * copy) % len(layouts)]
            own_id = f"{vendor[1][:4].upper()}-{number:04d}"
            req = RequirementSpec(
                **{
                    **vars(base),
                    "title": ("Senior " if copy % 2 == 0 else "Sr ") + base.role,
                    "rate": base.rate + rng.choice((-4, -2, 0, 3)),
                    "job_id": base.job_id if copy == 0 else own_id,
                }
            )
            mail = layout(req, vendor)
            message_id = f"copy-s{seed}-r{number:02d}-{copy}@{vendor[1]}"
            when = sent + timedelta(minutes=5 * copy + number)
            described = GeneratedEmail(
                filename=f"copy_r{number:02d}_{copy}_{kind}.eml",
                message_id=message_id,
                subject=mail.subject,
                kind=kind,
                matching=subject_has_role(mail.subject),
            )
            raw = render_email(mail, message_id=message_id, sent=when, vendor=vendor)
            written.append(VendorCopy(f"r{number:02d}", described, raw, blast=copy == 0))
    return written


def _requirement(number: int, rng: random.Random) -> RequirementSpec:
    role = ROLE_KEYWORDS[number % len(ROLE_KEYWORDS)]
    return RequirementSpec(
        role=role,
        title=f"Senior {role}",
        city=COPY_CITIES[number // len(ROLE_KEYWORDS)],
        mode=rng.choice(WORK_MODES[:2]),  # a city, not "Remote": the city tells them apart
        client=COPY_CLIENTS[number % len(COPY_CLIENTS)],
        rate=rng.randrange(55, 90),
        months=rng.choice((6, 12, 18)),
        visa=rng.choice(VISAS),
        years=rng.randrange(6, 12),
        job_id=f"CL{number:02d}-{rng.randrange(10000, 99999)}",
    )
