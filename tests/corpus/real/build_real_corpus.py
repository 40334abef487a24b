"""Build the real-mail corpus (``dev/`` and ``heldout/``) from public mailing-list archives.

    .venv/bin/python tests/corpus/real/build_real_corpus.py MIRRORS_DIR

MIRRORS_DIR holds bare git clones of the linux-mailinglist-archives repositories named in
``ARCHIVES`` (``<dir>/linux-mailinglist-archives+<list>/repo``; each commit of those public-inbox
archives is one message, file ``m``). The script reads every message listed in ``MESSAGES`` at
its commit, scrubs it (scrub.py), writes it to its split with the label, and rewrites
``sources.json`` and ``SOURCES.md``. Only scrubbed output is committed; the raw messages stay in
the public archives.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.utils import parseaddr
from io import BytesIO
from pathlib import Path
from typing import Any

from tests.corpus.real import messages_eighth_pass as eighth_pass
from tests.corpus.real import messages_eleventh_pass_inboxes as eleventh_pass
from tests.corpus.real import messages_fifth_pass_spam as fifth_pass
from tests.corpus.real import messages_fourth_pass as fourth_pass
from tests.corpus.real import messages_ninth_pass as ninth_pass
from tests.corpus.real import messages_second_pass as second_pass
from tests.corpus.real import messages_seventh_pass as seventh_pass
from tests.corpus.real import messages_sixth_pass as sixth_pass
from tests.corpus.real import messages_third_pass as third_pass
from tests.corpus.real.labelled import Real, job
from tests.corpus.real.scrub import Scrubber

HERE = Path(__file__).resolve().parent
COLLECTED = "2026-12-06"
ORG = "linux-mailinglist-archives"
ARCHIVES = {
    "ntb": "linux-ntb.googlegroups.com.0",
    "kasan": "kasan-dev.googlegroups.com.0",
    "cbl": "clang-built-linux.googlegroups.com.0",
    "jh": "jailhouse-dev.googlegroups.com.0",
    **second_pass.ARCHIVES,
    **third_pass.ARCHIVES,
    **fourth_pass.ARCHIVES,
    **fifth_pass.ARCHIVES,
    **sixth_pass.ARCHIVES,
    **seventh_pass.ARCHIVES,
    **eighth_pass.ARCHIVES,
    **ninth_pass.ARCHIVES,
}
LICENCE = (
    "No licence stated by the archive repository. Unsolicited posts sent to a public Google Groups "
    "mailing list and republished in its public archive; reproduced here as test data only, "
    "scrubbed of personal addresses, phone numbers and names."
)
HELDOUT_SHARE = 0.4

# Real names seen in signatures and display names → placeholders (scrub.py applies them).
NAMES = [
    ("prasanth THANDA", "Recruiter One"), ("Prashanth", "Recruiter One"), ("Prasanth", "Recruiter One"),
    ("R Umashankar", "Recruiter Two"), ("R UMASHANKAR", "Recruiter Two"), ("uma shankar", "Recruiter Two"),
    ("Umashankar", "Recruiter Two"),
    ("vamsi krishna banda", "Recruiter Three"), ("B.Vamsi Krishna", "Recruiter Three"), ("Vamsi", "Recruiter Three"),
    ("aravindkumar canopyone", "Recruiter Four"), ("Aravindkumar Komminenei", "Recruiter Four"),
    ("Sai Kumar", "Recruiter Five"), ("Irfan Khan", "Recruiter Six"), ("deepthi", "Recruiter Seven"),
    ("Peter Kirvin", "Sender Eight"), ("Jessa Walter", "Sender Nine"), ("Ghouse Basha", "Applicant Ten"),
    ("Sarah Ibrahim", "Sender Eleven"), ("Morgan Blake Church", "Sender Twelve"),
    ("akeem owonikoko", "Sender Thirteen"), ("Paula Rigt", "Sender Fourteen"),
    ("Morris Bilal", "Sender Fifteen"), ("Fenna Jaggers", "Sender Sixteen"),
    ("Nick Desaulniers", "Organiser Seventeen"), ("Bob Haarman", "Attendee One"),
    ("Brian Foley", "Attendee Two"), ("Dan Rue", "Attendee Three"), ("Joel", "Speaker One"),
    ("chris evans", "Sender Eighteen"), ("Tony Wen", "Sender Nineteen"),
    ("Di Majo Massimiliano", "Sender Twenty"), ("Mrs Aisha Al-Qaddafi", "Sender Twenty-One"),
    ("Aisha Al-Qaddafi", "Sender Twenty-One"), ("Ssan Elwood Hara", "Sender Twenty-Two"),
    ("Sanja Repanovic", "Sender Twenty-Three"), ("bilalmorris231", "sender24"), ("peterjeng042", "sender25"),
    ("shaik.jeelan", "applicant10"), ("jeelanjaan", "applicant10b"), ("bashaemail2015", "applicant10c"),
    ("Gary R Hook", "Subscriber One"), ("k.aravind", "recruiter4"), ("b.natraj", "recruiter4b"),
    ("Prabhakar Lad", "Developer One"), ("Prabhakar", "Developer One"), ("Raju Sana", "Developer Two"),
    ("Venkat Sana", "Developer Two"), ("Peng Fan", "Developer Three"), ("Peng", "Developer Three"),
    ("Jan", "Maintainer One"), ("Wera Wojcik", "Sender Twenty-Seven"), ("bookingwera", "sender27"), ("bitcoin_btc_wera", "bitcoin_btc_image"),
    ("Christopher Smith", "Sender Twenty-Eight"), ("kathrinebrown1", "sender28"), ("Karen Smith", "Sender Twenty-Six"),
]  # fmt: skip

SF = ["salesforce", "visualforce", "soql", "agile", "soap", "rest api", "etl", "datastage"]
SNOW = ["servicenow", "user stories", "requirements gathering", "itsm", "rest api", "soap"]
SF_NOTE = "Genisis Salesforce template; 'Client: Direct' is no client name; 'Contract: 6 months+' → 6; 8+ years → 8; VF pages → visualforce"


def _sf(commit: str, slug: str, group: str, location: str, written: str) -> Real:
    return Real("ntb", commit, slug, group, "requirement",
                f"{SF_NOTE}; location written '{written}'",
                [job("Sales force Developer", location=location, duration_months=6, skills=SF, experience_years=8)])  # fmt: skip


def _snow(commit: str, slug: str, group: str, title: str) -> Real:
    return Real("ntb", commit, slug, group, "requirement",
                "'client in the health insurance field' is no client name; 'Durham North Carolina 27707' → Durham, NC; 8+ years (10 without a degree) → 8",
                [job(title, location="Durham, NC", duration_months=6, skills=SNOW, experience_years=8)])  # fmt: skip


FIRST_PASS: list[Real] = [
    # --- requirements -------------------------------------------------------------------
    _sf("1c8f699", "salesforce_az_ma_urgent", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("2935f82", "salesforce_pennsylvania", "genisis-salesforce-template", "PA", "Pennsylvania"),
    _sf("2a4357a", "salesforce_direct_client_caps", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("2ae3399", "salesforce_az_ma_subject_caps", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("3f816a2", "salesforce_md_az_pa", "genisis-salesforce-template", "MD", "Maryland, Arizona & Pennsylvania"),
    _sf("5cd5814", "salesforce_maryland_f2f", "genisis-salesforce-template", "MD", "Maryland"),
    _sf("720117a", "salesforce_az_nj_ma", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("b0b240c", "salesforce_az_nj", "genisis-salesforce-template", "AZ", "Arizona/NJ"),
    _sf("c77ba2a", "salesforce_az_pa", "genisis-salesforce-template", "AZ", "Arizona & Pennsylvania"),
    _sf("c7f7c93", "salesforce_az_ma_its_direct", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("d5833a1", "salesforce_maryland", "genisis-salesforce-template", "MD", "Maryland"),
    _sf("db3357b", "salesforce_az_pa_direct", "genisis-salesforce-template", "AZ", "Arizona & Pennsylvania"),
    _sf("ed4a18b", "salesforce_hurry_up", "genisis-salesforce-template", "AZ", "Arizona/NJ, Massachusetts"),
    _sf("301fda6", "salesforce_immediate_hire", "genisis-salesforce-template", "AZ", "Arizona/NJ"),
    _sf("d136e93", "salesforce_immediate_hire_html", "genisis-salesforce-template", "AZ", "Arizona/NJ"),
    _snow("9d214a3", "servicenow_durham", "genisis-servicenow-template", "ServiceNow Developer/Engineer"),
    _snow("a18d929", "servicenow_8_years", "genisis-servicenow-template", "ServiceNow Developer/Engineer"),
    _snow("e6ca57e", "servicenow_looking_for", "genisis-servicenow-template", "Sr. ServiceNow Developer/Engineer"),
    _snow("5b280fd", "servicenow_seeking", "genisis-servicenow-template", "ServiceNow Developer/Engineer"),
    Real("ntb", "d7a6eb5", "ab_initio_durham_c2h", "genisis-abinitio", "requirement",
         "'US Citizen and Green Cards only' → USC, GC; contract-to-hire → C2H; 7 years (10 without a degree) → 7",
         [job("Principle AB Initio Developer", location="Durham, NC", employment_types=["C2H"], duration_months=6,
              skills=["ab initio", "aws", "hadoop", "java", "pega", "mulesoft", "linux"], experience_years=7, visa=["USC", "GC"])]),
    Real("ntb", "0237a31", "ui_ux_designer_arizona", "genisis-uiux", "requirement",
         "state-only location 'Arizona' → AZ; 'Direct Client' is no client name",
         [job("UI/UX Designer", location="AZ", skills=["html", "javascript", "jquery", "angular", "react", "css", "json", "git"],
              experience_years=6)]),
    Real("ntb", "1e4d1e0", "dotnet_sql_server_st_louis", "genisis-dotnet", "requirement",
         "'Duration: 10+ months' → 10; 8+ years → 8; Oracle PL-SQL / T-SQL → pl/sql, sql",
         [job("Dot NET Developer (Microsoft SQL Server)", location="St. Louis, MO", duration_months=10,
              skills=[".net", "sql server", "sharepoint", "c#", "asp.net", "sso", "sql", "pl/sql"], experience_years=8)]),
    Real("ntb", "6c9af3d", "dotnet_sql_server_st_louis_first", "genisis-dotnet", "requirement",
         "first send of the same requirement, without the SharePoint line",
         [job("Dot NET Developer (Microsoft SQL Server)", location="St. Louis, MO", duration_months=10,
              skills=[".net", "sql server", "c#", "asp.net", "sso", "sql", "pl/sql", "oracle"], experience_years=8)]),
    Real("ntb", "0f64ddb", "nine_roles_across_usa", "genisis-multirole", "requirement",
         "multi-role mail without Role:/Location: labels: bare title line, city line, 'experience: 6 to 8 years' (→ 6, not a duration); 'No OPTs and CPTs' excludes, names none; several cities → the first",
         [job("Java Fullstack Developer", location="Newark, DE", experience_years=6,
              skills=["java", "spring", "hibernate", "soap", "rest api", "java ee", "spring boot", "microservices"]),
          job(".Net Developer with Java", location="Plano, TX", experience_years=6,
              skills=[".net", "java", "asp.net", "spring", "sql", "pl/sql", "agile", "jira"]),
          job("Java Developer", location="Columbus, OH", experience_years=6,
              skills=["java", "agile", "spring", "spring boot", "maven", "rest api", "sql", "git"]),
          job("Java Lead/Associate Architect", location="Chicago, IL", experience_years=6,
              skills=["java", "spring", "spring boot", "microservices", "kafka", "java ee", "rest api", "soap"]),
          job("Mongo DB Sr. Developer", location="Columbia, MD", experience_years=6,
              skills=["mongodb", "spring", "data modeling", "sas"]),
          job("Java Developer (Java 1.8, Microservices, Spring 4.x, Angular)", location="Tampa, FL", experience_years=6,
              skills=["java", "microservices", "spring", "angular", "agile", "spring boot", "maven", "rest api"]),
          job("UI Frontend Developer", location="Columbus, OH", experience_years=6,
              skills=["react", "javascript", "jquery", "html", "css"]),
          job("Full Stack Developer", location="Houston, TX", experience_years=6,
              skills=["java", "spring boot", "angular", "junit", "jasmine", "oracle", "jenkins"]),
          job("Full stack developer with PCF", location="Houston, TX", experience_years=6,
              skills=["java", "spring boot", "angular"])]),
    Real("ntb", "7b994a0", "nodejs_lead_iselin", "canopyone", "requirement",
         "'Duration: Long Term' → null; 9-10+ years → 9",
         [job("NODEJS Lead/ Architect", location="Iselin, NJ", skills=["node.js", "spring boot", "microservices"],
              experience_years=9, visa=["USC", "GC", "H1B"])]),
    Real("ntb", "e69f04a", "sr_java_seattle", "canopyone", "requirement",
         "'Seattle ,WA' → Seattle, WA; EADs → EAD",
         [job("Sr java Developer", location="Seattle, WA", skills=["java", "java ee", "spring boot", "spring", "microservices"],
              visa=["USC", "GC", "H1B", "EAD"])]),
    Real("ntb", "940dc38", "sailpoint_admin_irvine", "solugenix", "requirement",
         "'Client: Investment Management Domain' is no client name; '6+ months to Long Term' → 6",
         [job("Sailpoint administrator", location="Irvine, CA", duration_months=6, skills=["sailpoint"])]),
    Real("ntb", "cba7caf", "salesforce_irvine_locals", "solugenix", "requirement",
         "'working from Irvine office' → onsite; 'Long Term Contract' → null; at least 7 years → 7",
         [job("Salesforce Developer", location="Irvine, CA", work_mode="onsite", skills=["salesforce", "jira", "uat"],
              experience_years=7)]),
    Real("ntb", "0ed603f", "dynamics_crm_raleigh_prose", "performancesoftech", "requirement",
         "job-board prose, no field labels; 'approximately an 8-month engagement' → 8; on-site Mon-Fri → onsite; 'F1000 organization' is no client name",
         [job("Senior Dynamics CRM Consultant", location="Raleigh, NC", work_mode="onsite", duration_months=8,
              skills=["dynamics 365"])]),
    Real("kasan", "92f18c55", "salesforce_lightning_springfield", "webilent", "requirement",
         "'Springfield MA' (no comma) → Springfield, MA; GC EAD → EAD; 'Duration: Long Term' → null",
         [job("Salesforce Lightning Developer", location="Springfield, MA", skills=["salesforce", "sales cloud", "service cloud", "agile"],
              visa=["H1B", "EAD", "GC", "USC"])]),
    # --- look-alikes --------------------------------------------------------------------
    Real("ntb", "e8e5ad5", "reply_private_shopper_quoting_requirement", "spam-shopper", "spam",
         "one-line unrelated solicitation replying to (and quoting) a ServiceNow requirement"),
    Real("ntb", "3f68b84", "attendee_list_offer", "spam-listseller", "spam", "contact-list seller"),
    Real("ntb", "f8e76b9", "attendee_list_follow_up", "spam-listseller", "spam", "contact-list seller follow-up quoting the first mail"),
    Real("jh", "51ff0946", "contact_data_offer", "spam-emailsprout", "spam", "lead-generation data offer"),
    Real("ntb", "489d9d6", "hardware_stock_clearance_html", "spam-datadirect", "spam", "HTML-only hardware clearance marketing; images dropped"),
    Real("ntb", "df98c72", "fake_employment_offer", "spam-employment", "spam", "payment-forwarding 'part time job' scam: job words, no IT requirement"),
    Real("cbl", "4c330339e", "cv_request_abu_dhabi", "spam-cv", "spam", "'submit cv' bait for an overseas job; no real requirement"),
    Real("ntb", "6add039", "lottery_google_form", "spam-lottery", "spam", "lottery scam through a form invitation"),
    Real("kasan", "5681e2e9", "pdf_download_spam", "spam-pdf", "spam", "textbook download spam"),
    Real("ntb", "7b3b4e6", "engage_services_one_liner", "spam-engage", "spam", "one-line bait"),
    Real("kasan", "56e1a48d", "calendar_invitation_meetup", "calendar-invite", "calendar", "Google Calendar invitation with text/calendar part (.ics copy dropped)"),
    Real("kasan", "93a69037", "cfp_ai_congress_extended", "cfp-latina", "newsletter", "Spanish/English call for papers: conference mailing → newsletter"),
    Real("kasan", "308dc350", "cfp_ai_congress", "cfp-latina", "newsletter", "call for papers, conference mailing"),
    Real("jh", "eb23c578", "cfp_artiis_2024_special_sessions", "cfp-artiis", "newsletter", "conference CFP mentioning 'Hybrid format'"),
    Real("jh", "8043e4d6", "cfp_artiis_2024", "cfp-artiis", "newsletter", "conference CFP (inline logo dropped)"),
    Real("jh", "6d18f924", "cfp_artiis_2023", "cfp-artiis", "newsletter", "conference CFP"),
    Real("jh", "b7f5b5c8", "cfp_pccds_2022", "cfp-pccds", "newsletter", "conference CFP"),
    Real("cbl", "8ce96cda6", "colleague_suggests_conference_talk", "colleague", "personal", "list member proposing a talk to colleagues"),
    Real("kasan", "5e3bcb48", "bitcoin_sale_offer", "spam-bitcoin", "spam", "'Urgent:' bitcoin sale offer (image dropped)"),
    Real("cbl", "4c09dbee8", "next_of_kin_advance_fee", "spam-advance-fee", "spam", "advance-fee scam signed as a 'Consultant'"),
    Real("jh", "99bfc978", "developer_asks_linux_uboot_requirements", "dev-question-requirements", "other",
         "technical list question whose subject says 'requirements'; no job"),
    Real("kasan", "cdddddf0", "developer_needs_help_porting", "dev-question-help", "other",
         "technical list question 'Need help in porting …'; no job"),
    Real("jh", "302d0369", "developer_asks_release_plan", "dev-question-release", "other", "technical list question to the maintainer"),
    Real("ntb", "e44bad2", "unsubscribe_request_reply", "unsubscribe", "other", "'Unsubscribe me' reply to the list"),
    Real("ntb", "c1e8ee8", "unsubscribe_request", "unsubscribe", "other", "bare 'unsubscribe linux-ntb'"),
]  # fmt: skip


MESSAGES: list[Real] = (
    FIRST_PASS
    + second_pass.MESSAGES
    + third_pass.MESSAGES
    + fourth_pass.MESSAGES
    + fifth_pass.MESSAGES
    + sixth_pass.MESSAGES
    + seventh_pass.MESSAGES
    + eighth_pass.MESSAGES
    + ninth_pass.MESSAGES
)

# Senders whose own address says nothing (free mail, or a list rewriting From to its own
# address): the group is the whole address or the display name instead of the domain.
_FREEMAIL = frozenset({"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "hotmail.co.uk",
                       "aol.com", "mail.com", "yandex.com", "protonmail.com", "icloud.com", "live.com"})  # fmt: skip
_LIST_ADDRESSES = (
    "usrp-users@",
    "linux-ntb@",
    "kasan-dev@",
    "clang-built-linux@",
    "jailhouse-dev@",
    "devel@",
    *third_pass.LIST_ADDRESSES,
    *fourth_pass.LIST_ADDRESSES,
    *fifth_pass.LIST_ADDRESSES,
    *sixth_pass.LIST_ADDRESSES,
    *seventh_pass.LIST_ADDRESSES,
    *eighth_pass.LIST_ADDRESSES,
    *ninth_pass.LIST_ADDRESSES,
)


# Passes taken from archives with no held-back mail: the whole pass tunes (see its module).
_WHOLE_PASS_SPLIT = {
    4: fourth_pass.SPLIT,
    5: fifth_pass.SPLIT,
    6: sixth_pass.SPLIT,
    7: seventh_pass.SPLIT,
    8: eighth_pass.SPLIT,
}


def _name(real: Real) -> str:
    return f"{real.archive}_{real.commit}_{real.slug}.eml"


def _sender_key(raw: bytes) -> str:
    """The sender a later-pass message is grouped by: its From domain, or the whole address for
    free mail, or the display name when a list rewrote From to its own address."""
    display, address = parseaddr(
        str(message_from_bytes(raw, policy=policy.compat32).get("From", ""))
    )
    address = address.lower()
    domain = address.rsplit("@", 1)[-1]
    if address.startswith(_LIST_ADDRESSES) or domain.endswith("googlegroups.com"):
        return "name:" + re.sub(r"\s+via\s+.*$", "", display).strip(" '\"").lower()
    return ("addr:" + address) if domain in _FREEMAIL else ("domain:" + domain)


def _split_first_pass(messages: list[Real]) -> dict[str, str]:
    """Deterministic split by group (sender, or mail template when one vendor's recruiters share
    it): groups ordered by a hash of their name fill heldout until it holds HELDOUT_SHARE of the
    messages, separately for requirements and look-alikes. A group larger than that share stays
    in dev: scoring on one template resent fifteen times would weigh it fifteen-fold."""
    splits: dict[str, str] = {}
    for is_job in (True, False):
        part = [m for m in messages if (m.category == "requirement") == is_job]
        groups: dict[str, list[Real]] = {}
        for m in part:
            groups.setdefault(m.group, []).append(m)
        order = sorted(groups, key=lambda g: hashlib.sha256(g.encode()).hexdigest())
        held = 0
        target = round(len(part) * HELDOUT_SHARE)
        for group in order:
            size = len(groups[group])
            goes = (
                size <= target and held < target and abs(held + size - target) <= abs(held - target)
            )
            held += size if goes else 0
            for m in groups[group]:
                splits[_name(m)] = "heldout" if goes else "dev"
    return splits


def _groups_and_splits(raw: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """Group and split of every message. The first pass keeps its split (computed on it alone, so
    adding mail never moves a file). A later-pass message joins the first-pass group of the same
    sender if there is one; otherwise its group is its sender and the split is fixed by the
    sender's hash alone (heldout when the first 8 hex digits of SHA-256, mod 10, are < 4: about
    40 %), decided before its content is read and independent of its label."""
    first = [m for m in MESSAGES if m.batch == 1]
    splits = _split_first_pass(first)
    groups = {_name(m): m.group for m in first}
    known = {_sender_key(raw[_name(m)]): _name(m) for m in first}
    for m in MESSAGES:
        if m.batch == 1:
            continue
        key = _sender_key(raw[_name(m)])
        digest = hashlib.sha256(key.encode()).hexdigest()
        if key in known:
            groups[_name(m)], splits[_name(m)] = groups[known[key]], splits[known[key]]
        else:
            groups[_name(m)] = f"sender-{digest[:10]}"
            splits[_name(m)] = "heldout" if int(digest[:8], 16) % 10 < 4 else "dev"
        if m.batch in _WHOLE_PASS_SPLIT:
            splits[_name(m)] = _WHOLE_PASS_SPLIT[m.batch]
    held = {groups[n] for n, s in splits.items() if s == "heldout"}
    leaked = [n for n, s in splits.items() if s == "dev" and groups[n] in held]
    if leaked:  # a sender in both splits would let dev tuning see a held-back sender's mail
        raise SystemExit(f"{len(leaked)} dev messages share a sender with held-back mail")
    return groups, splits


def _git(mirrors: Path, archive: str, *args: str) -> str:
    repo = mirrors / f"{ORG}+{ARCHIVES[archive]}" / "repo"
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True
    ).stdout.decode()


def _scrubbed(raw: bytes, batch: int) -> bytes:
    message = message_from_bytes(raw, policy=policy.compat32)
    # later passes' names apply to their own messages only: earlier files stay byte-identical
    names = {
        1: NAMES,
        2: NAMES + second_pass.NAMES,
        3: third_pass.NAMES,
        4: fourth_pass.NAMES,
        5: fifth_pass.NAMES,
        6: sixth_pass.NAMES,
        7: seventh_pass.NAMES,
        8: eighth_pass.NAMES,
        9: ninth_pass.NAMES,
    }[batch]
    Scrubber(names).message(message)
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=policy.compat32.clone(linesep="\n")).flatten(
        message
    )
    return out.getvalue()


def _scrubbed_inbox(raw: bytes) -> bytes:
    """An eleventh-pass message scrubbed: the sender's display name is a placeholder too (in From
    only: it is as often a brand, "MetaMask", that the body names)."""
    message = message_from_bytes(raw, policy=policy.compat32)
    eleventh_pass.InboxScrubber().message(message)
    if message["From"] is not None:
        address = parseaddr(str(message["From"]))[1]
        del message["From"]
        message["From"] = f"Sender Eleventh <{address or 'sender@example.com'}>"
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=policy.compat32.clone(linesep="\n")).flatten(
        message
    )
    return out.getvalue()


def _inbox_note(mail: eleventh_pass.Picked) -> str:
    if mail.inbox.split == "heldout":
        return "eleventh pass, held-back source: not read; spam as its owner filed it"
    return f"eleventh pass: spam of a public spam inbox ({mail.inbox.repository}); read, labelled"


def _licence(real: Real) -> str:
    # the third pass's mailman lists are not Google Groups: their note says so
    return {
        3: third_pass.LICENCE,
        4: fourth_pass.LICENCE,
        5: fifth_pass.LICENCE,
        6: sixth_pass.LICENCE,
        7: seventh_pass.LICENCE,
        8: eighth_pass.LICENCE,
        9: ninth_pass.LICENCE,
    }.get(real.batch, LICENCE)


_LICENCE_MARK = {
    third_pass.LICENCE: "B",
    fourth_pass.LICENCE: "C",
    **{inbox.licence: f"D-{inbox.key}" for inbox in eleventh_pass.INBOXES},
}


def _raw(mirrors: Path, real: Real) -> tuple[str, bytes]:
    commit = _git(mirrors, real.archive, "rev-parse", real.commit).strip()
    raw = subprocess.run(
        ["git", "-C", str(mirrors / f"{ORG}+{ARCHIVES[real.archive]}" / "repo"), "show", f"{commit}:m"],
        check=True, capture_output=True).stdout  # fmt: skip
    return commit, raw


def build(mirrors: Path) -> None:
    fetched = {_name(real): _raw(mirrors, real) for real in MESSAGES}
    groups, splits = _groups_and_splits({name: raw for name, (_, raw) in fetched.items()})
    labels: dict[str, dict[str, dict[str, Any]]] = {"dev": {}, "heldout": {}}
    sources = []
    for split in labels:
        (HERE / split).mkdir(exist_ok=True)
        for old in (HERE / split).glob("*.eml"):
            old.unlink()
    for real in MESSAGES:
        name, split = _name(real), splits[_name(real)]
        commit, raw = fetched[name]
        (HERE / split / name).write_bytes(_scrubbed(raw, real.batch))
        labels[split][name] = {"is_job": real.category == "requirement", "category": real.category,
                               "jobs": real.jobs, "note": real.note}  # fmt: skip
        message_id = message_from_bytes(raw, policy=policy.compat32).get("Message-Id", "")
        sources.append({
            "file": f"{split}/{name}", "split": split, "group": groups[name],
            "source_url": f"https://github.com/{ORG}/{ARCHIVES[real.archive]}/commit/{commit}",
            "archive": f"{ORG}/{ARCHIVES[real.archive]}", "commit": commit,
            "message_id": str(message_id).strip(), "licence": _licence(real), "collected": COLLECTED,
            "built_headers": [], "scrubbed": True,
        })  # fmt: skip
    for inbox_mail in eleventh_pass.picked(mirrors):
        name, split = inbox_mail.name, inbox_mail.inbox.split
        (HERE / split / name).write_bytes(_scrubbed_inbox(inbox_mail.raw))
        labels[split][name] = {"is_job": False, "category": "spam", "jobs": [],
                               "note": _inbox_note(inbox_mail)}  # fmt: skip
        message_id = message_from_bytes(inbox_mail.raw, policy=policy.compat32)["Message-Id"]
        sources.append({
            "file": f"{split}/{name}", "split": split, "group": f"inbox-{inbox_mail.inbox.key}",
            "source_url": inbox_mail.source_url, "archive": inbox_mail.inbox.repository,
            "commit": inbox_mail.inbox.commit, "message_id": str(message_id or "").strip(),
            "licence": inbox_mail.inbox.licence, "collected": "2026-12-08",
            "built_headers": list(inbox_mail.built_headers), "scrubbed": True,
        })  # fmt: skip
    for split, content in labels.items():
        (HERE / split / "labels.json").write_text(
            json.dumps(content, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
    (HERE / "sources.json").write_text(json.dumps(sources, indent=2) + "\n", "utf-8")
    rows = [
        f"| `{s['file']}` | {s['source_url']} | `{s['message_id']}` | {_LICENCE_MARK.get(str(s['licence']), 'A')} | {s['collected']} |"
        for s in sources
    ]
    (HERE / "SOURCES.md").write_text(
        "# Sources of the real-mail corpus\n\nWritten by `build_real_corpus.py`. Every file is one message of a public "
        "mailing-list archive (public-inbox git repositories of the `linux-mailinglist-archives` GitHub organisation; "
        "each commit holds one message as file `m`), except the eleventh pass's (D), taken from three public spam inboxes. "
        "No header was invented but in the eleventh pass's pasted mail (sources.json `built_headers`): every other header "
        "comes from the original message (trace and authentication headers were dropped, see README.md).\n\n"
        f"Licence / terms relied on: (A) first and second pass: {LICENCE}\n\n"
        f"(B) third pass: {third_pass.LICENCE}\n\n"
        f"(C) fourth to ninth passes: {fourth_pass.LICENCE}\n\n"
        + "".join(f"(D-{i.key}) eleventh pass, {i.repository} at {i.commit} (spam its owner published; "
                  f"a pasted mail's headers are built, see sources.json built_headers): {i.licence}\n\n"
                  for i in eleventh_pass.INBOXES)
        + "| file | source (archive commit) | Message-ID | licence | collected |\n|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n", "utf-8")  # fmt: skip


if __name__ == "__main__":
    build(Path(sys.argv[1]))
