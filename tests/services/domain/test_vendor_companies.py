"""A sighting's vendor company: the sender's domain, or the signature for a free-mail sender."""

from __future__ import annotations

import pytest

from services.domain.vendor_companies import signature_company, vendor_company

SIGNATURES = {
    "name_then_company": (
        "Priya Raman <priya.raman@gmail.com>",
        "Hi,\nPlease share profiles for the Java role below.\n\nThanks & Regards,\n"
        "Priya Raman\nTechnical Recruiter\nInfinity Systems LLC\nPh: 732-555-0199\n",
        "Infinity Systems LLC",
    ),
    "company_with_website_and_pipe": (
        "ravi.k@yahoo.com",
        "Send resumes to me.\n\nRegards,\nRavi Kumar | Sr. Recruiter\n"
        "Nexgen Technologies Inc. | www.nexgentech.example\nDirect: (470) 555-0123\n",
        "Nexgen Technologies Inc.",
    ),
    "labelled_company": (
        "Anil <anil.recruits@outlook.com>",
        "Need a Salesforce developer.\n\nBest regards,\nAnil Sharma\n"
        "Company: Bluewave Consulting\nEmail: anil.recruits@outlook.com\n",
        "Bluewave Consulting",
    ),
    "dashes_sign_off_and_quoted_reply": (
        '"Mike Chen" <mchen2019@hotmail.com>',
        "Rate raised to $75/hr.\n--\nMike Chen\nApex Software Solutions\n\n"
        "On Mon, Dec 1, 2026 at 9:00 AM Someone <x@example.com> wrote:\n> Acme Staffing LLC\n",
        "Apex Software Solutions",
    ),
    "no_sign_off_company_at_the_end": (
        "jobs.desk@gmail.com",
        "Role: Data Engineer\nLocation: Austin, TX\n\nSuresh\nBright Path IT Services\n",
        "Bright Path IT Services",
    ),
}


@pytest.mark.parametrize("case", SIGNATURES)
def test_free_mail_senders_are_named_by_their_signature(case: str) -> None:
    sender, body, company = SIGNATURES[case]
    assert vendor_company(sender, body) == company


def test_a_signature_without_a_company_line_names_nobody() -> None:
    body = (
        "Thanks,\nRavi\nSenior Java Developer\n732-555-0100\n"
        "This email and any attachments are confidential, Inc.\n"
    )
    assert vendor_company("ravi@gmail.com", body) is None
    assert signature_company("") is None


def test_a_corporate_domain_names_the_company_and_its_signature_spells_it() -> None:
    body = "Regards,\nRavi\nTechVendor Solutions Inc\n"
    assert vendor_company("Ravi <ravi@techvendor.com>", body) == "TechVendor Solutions Inc"
    # a signature that names another company (a forwarded blast) does not override the domain
    assert vendor_company("ravi@techvendor.com", "Regards,\nRavi\nAcme Staffing LLC\n") == (
        "Techvendor"
    )
    assert vendor_company("hr@mail.brightpath.co.in", "") == "Brightpath"
    assert vendor_company("hr@amberwave.example.com", "") == "Amberwave"
    assert vendor_company(None, "") is None
