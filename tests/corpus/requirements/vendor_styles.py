"""How each vendor of the labelled duplicate set writes a requirement: its own subject style,
greeting, layout, signature and disclaimer, as US IT-staffing vendors do (modelled on the real
mail in tests/corpus/real/dev: starred labels, "//" and "||" subjects, ALL-CAPS banners,
"Greetings from ...!!!", long legal footers; plus HTML tables, prose, forwards and terse notes).

A ``Copy`` is what one vendor put in one email: the title, location and rate as that vendor
wrote them, which skills it kept, whether it named the end client and which job id it quoted.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage


@dataclass(frozen=True)
class Copy:
    vendor: str
    title: str
    location: str
    rate: str  # "$65/hr", "$60-65/hr", "" (not given)
    client: str | None  # None: the vendor hides the end client
    job_id: str | None
    skills: tuple[str, ...]
    duration: str = "12 Months"
    mode: str = "Onsite"
    note: str = ""  # a line the vendor adds ("Rate increased!", "Still open")


@dataclass(frozen=True)
class Vendor:
    person: str
    address: str
    company: str
    render: Callable[[Copy, Vendor], EmailMessage]


def _plain(subject: str, body: str, *, cte: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg.set_content(body, charset="utf-8", cte=cte)
    return msg


def _alternative(subject: str, text: str, markup: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(markup, subtype="html", charset="utf-8")
    return msg


def _city_state(location: str) -> tuple[str, str]:
    city, _, state = location.partition(",")
    return city.strip(), state.strip()


DISCLAIMER = (
    "This email is not intended to be a solicitation. It is targeted at recruiting & consulting\n"
    "professionals. If you have received this in error, please reply with REMOVE as subject to\n"
    "be removed from our mailing list. We regret any inconvenience caused.\n"
)


def greetings_from(c: Copy, v: Vendor) -> EmailMessage:
    """A company pitch ("Greetings from ...!!!"), starred labels, a long legal footer."""
    city, state = _city_state(c.location)
    subject = f"Urgent Need : {c.title} @ {city} {state} ( Direct Client )"
    lines = [f"*Position    : {c.title}*", f"*Location   : {c.location}*"]
    if c.client:
        lines.insert(0, f"*Client        : {c.client}*")
    lines.append(f"*Duration   : {c.duration} to Long Term*")
    if c.rate:
        lines.append(f"*Rate          : {c.rate} C2C*")
    if c.job_id:
        lines.append(f"*Job ID       : {c.job_id}*")
    body = (
        "Hi,\n\n\n\nGreetings from "
        f"{v.company.split()[0].lower()}!!!\n\n"
        f'My Name is {v.person}, working as "Recruiter" for {v.company}.\n\n'
        "Please find the below direct client position open. Please let me know if you are "
        "available and interested in submitting your resume to this position.\n\n"
        + (f"*{c.note}*\n\n" if c.note else "")
        + "\n\n".join(lines)
        + "\n\n*Skills : "
        + ", ".join(c.skills)
        + "*\n\n\n*Thanks and Regards,*\n\n"
        f"{v.person},\n*Recruiter*\n\n*Primary:* (555) 010-0101\n*Email:* {v.address}\n\n"
        "Delivering on business promises for 50 years\n\n" + DISCLAIMER
    )
    return _plain(subject, body)


def slashes_caps(c: Copy, v: Vendor) -> EmailMessage:
    """The "//" subject and an ALL-CAPS banner, bullet skills (quoted-printable)."""
    city, state = _city_state(c.location)
    subject = f"{c.title}//{city}, {state}//{c.duration}+//Direct Client"
    lines = [f"*Role: {c.title}*", f"*Contract: {c.duration}+*", f"*Location: {c.location}*"]
    lines.append(f"*Client : {c.client or 'Direct'}*")
    if c.rate:
        lines.append(f"*Rate: {c.rate} on C2C*")
    if c.job_id:
        lines.append(f"*Req ID: {c.job_id}*")
    body = (
        f"*Hi,*\n\n* WE HAVE URGENT REQUIREMENT FOR {c.title.upper()} IN {city.upper()}*\n\n"
        "SEND YOUR UPDATED RESUME TO BELOW MENTIONED EMAIL ADDRESS.\n\n"
        + (f"{c.note.upper()}\n\n" if c.note else "")
        + "\n\n".join(lines)
        + "\n\nSkills:\n\n"
        + "".join(f"\u00b7        {skill}\n\n" for skill in c.skills)
        + f"\nThanks & Regards\n{v.person}\n{v.company}\n{v.address}\n"
    )
    return _plain(subject, body, cte="quoted-printable")


def html_table(c: Copy, v: Vendor) -> EmailMessage:
    """A two-column HTML table with a plain-text twin."""
    subject = f"{c.title} - {c.location} - Long Term - C2C/W2"
    rows = [("Job Title", c.title), ("Location", f"{c.location} ({c.mode})")]
    if c.client:
        rows.append(("Client", c.client))
    rows.append(("Duration", c.duration))
    if c.rate:
        rows.append(("Rate", f"{c.rate} on C2C"))
    if c.job_id:
        rows.append(("Job ID", c.job_id))
    rows.append(("Must Have Skills", ", ".join(c.skills)))
    cells = "\n".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(val)}</td></tr>" for k, val in rows
    )
    note = f"<p><b>{html.escape(c.note)}</b></p>\n" if c.note else ""
    markup = (
        "<html><body>\n<p>Hi Partner,</p>\n<p>Please share matching profiles for the "
        f'below position.</p>\n{note}<table border="1" cellspacing="0">\n{cells}\n</table>\n'
        f"<p>Best,<br>{html.escape(v.person)}<br>{html.escape(v.company)}<br>"
        f"{html.escape(v.address)}</p>\n</body></html>\n"
    )
    text = (
        "Hi Partner,\n\nPlease share matching profiles for the below position.\n\n"
        + (f"{c.note}\n\n" if c.note else "")
        + "".join(f"{k}: {val}\n" for k, val in rows)
        + f"\nBest,\n{v.person}\n{v.company}\n"
    )
    return _alternative(subject, text, markup)


def prose(c: Copy, v: Vendor) -> EmailMessage:
    """No labels: the requirement told in sentences."""
    subject = f"Looking for a {c.title} in {c.location}"
    client = f"Our client {c.client} is" if c.client else "One of our direct clients is"
    rate = f" The rate is {c.rate} on C2C." if c.rate else ""
    job = f" Please quote Job ID: {c.job_id} in your reply." if c.job_id else ""
    body = (
        f"Hello,\n\n{client} hiring a {c.title} for a {c.duration.lower()} contract in "
        f"{c.location} ({c.mode.lower()}).{rate} They need hands-on experience with "
        f"{', '.join(c.skills[:-1])} and {c.skills[-1]}.{job}\n\n"
        + (f"{c.note}\n\n" if c.note else "")
        + "Please send me your best consultants' resumes today.\n\n"
        f"Cheers,\n{v.person} | {v.company}\n{v.address} | (555) 010-0202\n"
    )
    return _plain(subject, body)


def terse(c: Copy, v: Vendor) -> EmailMessage:
    """A short internal-style note, "Req:" subject."""
    state = _city_state(c.location)[1]
    subject = f"Req: {c.title} ({state})"
    lines = [f"Title: {c.title}", f"Location: {c.location} - {c.mode}"]
    if c.client:
        lines.append(f"Client: {c.client}")
    lines.append(f"Duration: {c.duration}")
    if c.rate:
        lines.append(f"Bill Rate: {c.rate}")
    if c.job_id:
        lines.append(f"Requirement ID: {c.job_id}")
    body = (
        "Hi Team,\n\n"
        + (f"{c.note}\n" if c.note else "")
        + "\n".join(lines)
        + f"\n\nSkills: {' | '.join(c.skills)}\n\n-- \n{v.person.split()[0]}\n{v.company}\n"
    )
    return _plain(subject, body)


def pipes(c: Copy, v: Vendor) -> EmailMessage:
    """The "||" subject and spaced colons."""
    subject = f"{c.title} || {c.location} || Contract"
    lines = [f"Position : {c.title}", f"Work Location : {c.location} ({c.mode})"]
    if c.client:
        lines.append(f"End Client : {c.client}")
    if c.rate:
        lines.append(f"Pay Rate : {c.rate} W2/C2C")
    if c.job_id:
        lines.append(f"Req # : {c.job_id}")
    lines.append(f"Duration : {c.duration}")
    body = (
        "Hello Partner,\n\nHope you are doing well !!\n\nWe have an immediate need for the "
        "below position. Kindly share resumes with contact details.\n\n"
        + (f"** {c.note} **\n\n" if c.note else "")
        + "\n".join(lines)
        + f"\nMandatory Skills : {', '.join(c.skills)}\n\n"
        f"Warm Regards,\n{v.person}\nSr. Technical Recruiter\n{v.company}\n"
        "An E-Verified Company | Certified MBE\n"
    )
    return _plain(subject, body)


def forwarded(c: Copy, v: Vendor) -> EmailMessage:
    """A vendor forwarding its prime vendor's mail with one line on top."""
    subject = f"Fwd: {c.title} - {c.location} - {c.duration}"
    lines = [f"Job Title: {c.title}", f"Location: {c.location}"]
    if c.client:
        lines.append(f"Client: {c.client}")
    if c.rate:
        lines.append(f"Rate: {c.rate} on C2C")
    if c.job_id:
        lines.append(f"Job ID: {c.job_id}")
    lines.append(f"Duration: {c.duration}")
    body = (
        "Please check the below and send me profiles ASAP.\n"
        + (f"{c.note}\n" if c.note else "")
        + f"\nThanks,\n{v.person.split()[0]}\n\n"
        "---------- Forwarded message ---------\n"
        "From: Prime Vendor Desk <desk@primevendor.example.com>\n"
        "Date: Mon, Nov 2, 2026 at 8:12 AM\n"
        f"Subject: {c.title} - {c.location} - {c.duration}\n"
        f"To: <{v.address}>\n\n\nHi,\n\nPlease find the requirement below.\n\n"
        + "\n".join(lines)
        + f"\n\nRequired Skills: {', '.join(c.skills)}\n\nRegards,\nPrime Vendor Desk\n"
    )
    return _plain(subject, body)


def job_description(c: Copy, v: Vendor) -> EmailMessage:
    """A formal job description with sections, a postal signature."""
    subject = f"Hiring: {c.title} | {c.location} | {c.mode}"
    head = [f"Job Title: {c.title}"]
    if c.job_id:
        head.append(f"Job ID: {c.job_id}")
    head += [f"Location: {c.location}", f"Work Mode: {c.mode}", f"Duration: {c.duration}"]
    if c.client:
        head.append(f"Client: {c.client}")
    if c.rate:
        head.append(f"Compensation: {c.rate} (C2C)")
    body = (
        "Good morning,\n\nWe are hiring for the following role with one of our Fortune 500 "
        "clients.\n\n"
        + (f"Update: {c.note}\n\n" if c.note else "")
        + "\n".join(head)
        + "\n\nRequired Skills:\n"
        + "".join(f"- {skill}\n" for skill in c.skills)
        + "\nResponsibilities:\n- Work with the product team on new features\n"
        "- Take part in code reviews and on-call\n\n"
        f"Regards,\n{v.person}\nTalent Acquisition | {v.company}\n"
        "1200 Corporate Dr, Suite 300, Edison, NJ 08837\nDesk: (555) 010-0303\n"
    )
    return _plain(subject, body)


def dashes(c: Copy, v: Vendor) -> EmailMessage:
    """Labels with dashes, the subject in brackets."""
    subject = f"[C2C] {c.title} - {c.location}"
    lines = [f"Position - {c.title}", f"Location - {c.location} ({c.mode})"]
    if c.client:
        lines.append(f"Client - {c.client}")
    if c.rate:
        lines.append(f"Rate - {c.rate}")
    if c.job_id:
        lines.append(f"Job ID - {c.job_id}")
    lines.append(f"Duration - {c.duration}")
    lines.append(f"Skills - {', '.join(c.skills)}")
    body = (
        "Dear Partner,\n\n"
        + (f"{c.note}\n\n" if c.note else "")
        + "\n".join(lines)
        + "\n\nPlease include rate, visa and current location with every submission.\n\n"
        f"Thank you,\n{v.person}\n{v.company}\n"
        "Note: We respect your online privacy. To be removed, reply UNSUBSCRIBE.\n"
    )
    return _plain(subject, body)


def caps_labels(c: Copy, v: Vendor) -> EmailMessage:
    """Upper-case labels, a plain subject with the state only."""
    state = _city_state(c.location)[1]
    subject = f"Immediate requirement - {c.title} - {state}"
    lines = [f"JOB TITLE: {c.title}", f"LOCATION: {c.location}"]
    if c.client:
        lines.append(f"CLIENT: {c.client}")
    if c.rate:
        lines.append(f"RATE: {c.rate}")
    if c.job_id:
        lines.append(f"JOB ID: {c.job_id}")
    lines.append(f"DURATION: {c.duration}")
    lines.append(f"KEY SKILLS: {', '.join(c.skills)}")
    body = (
        "Hi,\n\nHope you are doing great!\n\n"
        + (f"{c.note}\n\n" if c.note else "")
        + "\n".join(lines)
        + "\n\nIf you are comfortable with the requirement, share your updated resume.\n\n"
        f"{v.person}\nLead Recruiter, {v.company}\n"
    )
    return _plain(subject, body)


VENDORS: dict[str, Vendor] = {
    "veritek": Vendor(
        "Rahul Verma", "rahul@veritek.example.com", "Veritek Solutions Corp", greetings_from
    ),
    "itsdirect": Vendor(
        "Kiran Rao", "kiran@itsdirect.example.net", "ITS Direct Hire Inc", slashes_caps
    ),
    "bluepeak": Vendor("Priya Sharma", "priya@bluepeak.example.com", "BluePeak LLC", html_table),
    "talentwave": Vendor("Mark Ellis", "mark@talentwave.example.org", "TalentWave", prose),
    "tekvista": Vendor("Suresh Naidu", "suresh@tekvista.example.net", "TekVista Systems", terse),
    "apex": Vendor("Mike Johnson", "mike@apexstaffing.example.com", "Apex Staffing", pipes),
    "nextgen": Vendor("Anil Reddy", "anil@nextgensys.example.com", "NextGen Systems", forwarded),
    "brightpath": Vendor(
        "Sarah Lee", "sarah@brightpathit.example.com", "BrightPath IT", job_description
    ),
    "cloudbridge": Vendor(
        "Deepa Menon", "deepa@cloudbridge.example.us", "CloudBridge Consulting", dashes
    ),
    "infosol": Vendor(
        "Vikram Singh", "vikram@infosolutions.example.net", "Info Solutions LLC", caps_labels
    ),
}


def two_positions(first: Copy, second: Copy, v: Vendor) -> EmailMessage:
    """One mail, two openings (a vendor's morning round-up)."""
    subject = f"2 Requirements: {first.title} and {second.title} - C2C"
    parts = []
    for number, c in enumerate((first, second), start=1):
        lines = [f"Role: {c.title}", f"Location: {c.location} ({c.mode})"]
        if c.client:
            lines.append(f"Client: {c.client}")
        lines.append(f"Duration: {c.duration}")
        if c.rate:
            lines.append(f"Rate: {c.rate} on C2C")
        if c.job_id:
            lines.append(f"Job ID: {c.job_id}")
        lines.append(f"Must have skills: {', '.join(c.skills)}")
        parts.append(f"Requirement {number}\n" + "\n".join(lines) + "\n")
    body = (
        "Hi,\n\nPlease find two open requirements below; reply with the requirement number.\n\n"
        + "\n".join(parts)
        + f"\nThanks & Regards,\n{v.person}\n{v.company}\n{v.address}\n"
    )
    return _plain(subject, body)
