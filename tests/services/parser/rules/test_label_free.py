"""Issue 13's remaining classes: job-board prose with no labels (in the body or an attached JD),
spam that dresses as a job or an account notice, and experience wordings. Every case failed on
rules 1.2.0 except the guards: requirements that name spam words, a minimum term, and the
degree-first wording, which hold what the new rules must not break."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category, EmploymentType, Rate
from services.parser.decoding import AttachmentText, DecodedEmail
from services.parser.rules import extract, fields
from tests.services.parser.rules.test_extractor import email, only_job


def test_prose_with_a_title_line_and_no_intent_verb_is_a_job() -> None:
    job = only_job(
        extract(
            email(
                "Fwd: Position",
                "Business Intelligence Developer\nPhoenix, AZ\n\nThis is a full-time, direct hire "
                "position with a healthcare company. Salary $110k - $130k per year. 5+ years "
                "with Power BI, SQL and SSIS required.\n",
            )
        )
    )
    assert (job.title, job.location, job.experience_years) == (
        "Business Intelligence Developer",
        "Phoenix, AZ",
        5,
    )
    assert job.employment_types == [EmploymentType.FTE]
    assert job.rate == Rate(min=110000, max=130000, unit="year", currency="USD")


def test_a_client_that_needs_a_role_presents_a_job() -> None:
    job = only_job(
        extract(
            email(
                "Sr. Salesforce Developer",
                "Hello,\n\nOur client in Richmond, VA needs a Sr. Salesforce Developer for a "
                "long-term engagement of 18 months. The rate is $75/hr on C2C. Minimum 10+ "
                "years in IT, with Apex and Visualforce.\n",
            )
        )
    )
    assert (job.title, job.location, job.duration_months, job.experience_years) == (
        "Sr. Salesforce Developer",
        "Richmond, VA",
        18,
        10,
    )


def test_role_will_design_and_the_position_is_remote_present_a_job() -> None:
    job = only_job(
        extract(
            email(
                "FW: great role",
                "Job Title - Cloud Security Engineer\n\nThe Cloud Security Engineer will design "
                "and implement security controls on AWS. The position is remote, W2 only, for 6 "
                "months. Pay: $65/hr - $72/hr.\n",
            )
        )
    )
    assert (job.title, job.location, job.duration_months) == (
        "Cloud Security Engineer",
        "Remote",
        6,
    )


def test_a_one_line_body_with_a_prose_jd_attached_is_a_job() -> None:
    decoded = email("JD", "Please find the JD attached.\n")
    attached = AttachmentText(
        "JD.pdf",
        "application/pdf",
        "Cloud Security Engineer\n\nThe Cloud Security Engineer will design and run security "
        "controls on AWS for a regional bank in Tampa, FL.\nThis is a 6 month contract on W2. "
        "Pay rate $65/hr - $72/hr.\n8 years with a degree, or 12 years without.\n",
    )
    with_jd = DecodedEmail(**{**decoded.__dict__, "attachment_texts": [attached]})
    job = only_job(extract(with_jd))
    assert (job.title, job.location, job.duration_months, job.experience_years) == (
        "Cloud Security Engineer",
        "Tampa, FL",
        6,
        8,
    )


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Urgent: verify your account",
            "Dear user,\n\nWe detected unusual activity. Please verify your account within 24 "
            "hours or it will be suspended.\n",
        ),
        ("Your mailbox is full", "Your mailbox is almost full. Verify your email account now.\n"),
        (
            "Password expiry notice",
            "Your password expires today. Click here to keep your current password.\n",
        ),  # fmt: skip
        (
            "Loan approved",
            "You are pre-approved for a personal loan of $50,000. No credit check.\n",
        ),
        ("Invest today", "Guaranteed returns: double your investment in 30 days.\n"),
        (
            "SEO services for your website",
            "Hi,\n\nI was checking your website and noticed it is not on the first page of "
            "Google. Reply for a free audit.\n",
        ),
        ("Website design", "Do you need a new website or mobile app? We build them at low cost.\n"),
        ("Data entry job", "Online data entry job, work 2 hours a day and earn $400 daily.\n"),
        ("Business proposal", "Dear friend, I have a business proposal of US$ 10.5 million.\n"),
        ("Loan", "Do you need a loan? We offer loans at 3% interest.\n"),
        ("Delivery", "Your parcel could not be delivered. Pay the fee here.\n"),
        ("Hi", "I hacked your device and recorded you.\n"),
        ("Offer", "We are a professional manufacturer of LED lights with factory direct prices.\n"),
        ("Donation", "I am a widow and want to make a donation of $1,500,000 to you.\n"),
        ("Re: Save time", "Our latest switch stock list: brand new sealed, ready to ship.\n"),
        ("Fleet", "We offer dash cameras and GPS trackers for your fleet at the best price.\n"),
        ("Hackers for Hire", "Hackers for Hire at https://example.com/\n"),
        ("To list", "Kindly confirm if you got my business collaboration In-mail.\n"),
    ],
)
def test_spam_classes_are_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text))
    assert (result.is_job, result.category) == (False, Category.SPAM)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Need IAM Engineer - Remote",
            "Please share profiles.\n\nRole: IAM Engineer\nLocation: Remote\nDuration: 6 months\n"
            "Skills: Okta, password expiry and locked account flows, verify your account prompts\n",
        ),
        (
            "Business Analyst - Consumer Lending",
            "Please share resumes.\n\nRole: Business Analyst\nLocation: Plano, TX\nDuration: 12 "
            "months\nSkills: personal loans origination, SQL, lead generation campaigns\n",
        ),
        (
            "Need SEO Specialist - Chicago, IL",
            "Hi Partners,\n\nPlease share profiles for SEO Specialist\nLocation: Chicago, IL\n"
            "Duration: 6 months\nSkills: SEO services audits, Google Analytics\n",
        ),
    ],
)
def test_requirements_naming_spam_words_stay_requirements(subject: str, text: str) -> None:
    assert extract(email(subject, text)).category == Category.REQUIREMENT


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("exp: 5-7 yrs", 5),
        ("Total Exp: 9+ yrs", 9),
        ("Experience Required: 7-10 yrs", 7),
        ("Minimum 10+ years", 10),
        ("Required Experience: Minimum 10+ years", 10),
        ("12 years without a degree or 8 years with a degree", 8),
        ("Bachelor's degree and 8 years of experience, or 12 years without", 8),
    ],
)
def test_experience_in_running_text(text: str, years: int) -> None:
    assert fields.experience_years(text, labelled=False) == years


@pytest.mark.parametrize(
    "text", ["a minimum 2 years contract", "the project will last at least 3 years"]
)
def test_a_minimum_term_is_no_experience(text: str) -> None:
    assert fields.experience_years(text, labelled=False) is None
