"""Second collection pass (2026-12-06): look-alikes and job posts from the same Google Groups
archives and from two mailman lists, labelled in the extraction contract.

No further US IT-staffing vendor mail was found in these archives (every staffing post of the
four Google Groups lists is already in the first pass), so this pass adds the kinds of mail an
inbox receives around requirements: bounces, conference and workshop mailings, release
announcements, scams (several dressed as job offers), B2B solicitations, list housekeeping,
developers' questions whose subjects say "requirement(s)", and three employers' job posts.

Each message's group (split unit) is derived from its sender when the corpus is built
(``build_real_corpus._sender_key``), never chosen here, so the split cannot be steered.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from typing import Any

from tests.corpus.real.labelled import Real, job

__all__ = ["ARCHIVES", "MESSAGES", "NAMES"]

ARCHIVES = {
    "dd": "driverdev-devel.linuxdriverproject.org.0",
    "usrp": "usrp-users.lists.ettus.com.0",
}

NAMES = [
    ("Darlene", "Sender Forty"), ("Bryan Wright", "Sender Forty-One"), ("Jim Micheal", "Sender Forty-Two"),
    ("Kiyoshi Haruto", "Sender Forty-Three"), ("Safrata Karel", "Sender Forty-Four"), ("Paul Novak", "Sender Forty-Five"),
    ("Gilyana Amykova", "Sender Forty-Six"), ("Gilyana Armykova", "Sender Forty-Six"), ("Julien Keller", "Sender Forty-Seven"),
    ("Martin Juve", "Sender Forty-Eight"), ("Luke Moktar", "Sender Forty-Nine"), ("Michael Williams", "Sender Fifty"),
    ("Donald Phill", "Sender Fifty-One"), ("Jan Polášek", "Sender Fifty-Two"), ("Manuel Melchor", "Sender Fifty-Three"),
    ("Adesina A. Akinwunmi", "Sender Fifty-Four"), ("Paul McCann", "Sender Fifty-Five"),
    ("Stephen Larew", "Hiring Manager One"), ("Ismail Guvenc", "Professor One"), ("Steve Joseph", "Hiring Manager Two"),
    ("Neel Pandeya", "Organiser One"), ("Eugene Grayver", "Organiser Two"), ("Martin Braun", "Organiser Three"),
    ("John Hodgins", "Member One"), ("Johnny Samuels", "Member Two"), ("Marcus D. Leech", "Member Three"),
    ("Marcus", "Member Three"), ("Martin Elfvelin", "Member Four"), ("Martin Elf", "Member Four"),
    ("Mehran Memarnejad", "Member Five"), ("marian.koop", "member6"), ("stackprogramer", "member7"), ("sp h", "Member Seven"),
    ("Geoffrey Bristol", "Sender Fifty-Six"), ("Magnus Bengt", "Sender Fifty-Seven"), ("Irene Duncan", "Sender Fifty-Eight"),
    ("Kenneth Buff", "Sender Fifty-Nine"), ("Karen Ngui", "Sender Sixty"), ("Ngui", "Sender Sixty"),
    ("FEDERICO QUEVEDO", "Sender Sixty-One"), ("bastian.guggenheim", "sender62"), ("ROUSSIN BERNARD", "Sender Sixty-Three"),
    ("Jon Mason", "Maintainer Two"), ("Gera Kazakov", "Developer Four"), ("gabrielthomas9010", "sender64"),
    ("Kobla Kwaku", "Sender Sixty-Five"), ("Muhammed Al Sahab Abbas", "Sender Sixty-Six"), ("Nienke Sturn", "Sender Sixty-Seven"),
    ("Guillaume Tucker", "Organiser Four"), ("ndesaulniers", "organiser17"), ("Lukas Bulwahn", "Member Eight"),
    ("Lukas", "Member Eight"), ("Bill Wendling", "Organiser Five"), ("Nathan", "Member Nine"), ("Nick", "Organiser Seventeen"),
    ("Chris Clark", "Sender Sixty-Eight"), ("PRAKHAR BANSAL", "Student One"), ("Prakhar Bansal", "Student One"),
    ("Valentine Sinitsyn", "Developer Five"), ("whbo158", "developer6"), ("hongbo.wang", "Developer Six"),
    ("Stefan Brendjes", "Member Ten"), ("Nina", "Sender Sixty-Nine"), ("susan", "Sender Seventy"),
    ("Mrs. Paula Rigt", "Sender Fourteen"), ("Nathan Chancellor", "Member Nine"), ("Behan Webster", "Member Eleven"),
    ("Dan Albert", "Member Twelve"), ("Fangrui Song", "Member Thirteen"), ("George Burgess", "Member Fourteen"),
    ("Greg Kroah-Hartman", "Maintainer Three"), ("Jesse Barnes", "Member Fifteen"), ("Lars Bergstrom", "Member Sixteen"),
    ("Martin Storsjo", "Member Seventeen"), ("Nico Weber", "Member Eighteen"), ("Petr Hosek", "Member Nineteen"),
    ("Pirama Arumuga Nainar", "Member Twenty"), ("Stephen Hines", "Member Twenty-One"), ("Summer Wang", "Member Twenty-Two"),
    ("Sylvestre Ledru", "Member Twenty-Three"), ("Tom Stellard", "Member Twenty-Four"), ("birch iris", "Recipient One"),
    ("giordano ziv", "Recipient Two"), ("Stanley, John P.", "Member Twenty-Five"), ("plug house", "Sender Seventy-One"),
    ("MK", "Agent One"), ("Erika Kuntar", "Agent Two"), ("Erica", "Member Twenty-Six"), ("Randy Jacops", "Executive One"),
    ("Guillaume", "Organiser Four"), ("Jian", "Member Twenty-Seven"), ("Gustavo", "Member Twenty-Eight"),
    ("Jon", "Maintainer Two"), ("jonmason", "maintainer2"), ("Jan Kiszka", "Maintainer One"), ("Kiszka", "Maintainer One"),
    ("Omar Bin Al Qassim Mamoud", "Sender Seventy-Two"), ("MICHAEL CATTLE", "Sender Seventy-Three"),
    ("Nina Zhang", "Sender Sixty-Nine"), ("Akhtar Kalam", "Editor One"), ("Gennadiy Medovoy", "Sender Seventy-Four"),
    ("Jason Gunthorpe", "Developer Seven"),
    # phone numbers in forms scrub.py's pattern does not know (no separators, area code in brackets)
    ("+8615991792014", "(555) 010-9001"), ("+12097294426", "(555) 010-9002"), ("+8618217340100", "(555) 010-9003"),
    ("+8615850193304", "(555) 010-9004"), ("+1(571)444-6846E-mail", "(555) 010-9005 E-mail"), ("+1(571)444-6846", "(555) 010-9005"), ("0570-001069", "(555) 010-9006"), ("Tony Elumelu", "Sender Seventy-Five"), ("tonyelumeluchairman", "sender75"),
]  # fmt: skip


def _look_alike(archive: str, commit: str, slug: str, category: str, note: str) -> Real:
    return Real(archive, commit, slug, "", category, note, batch=2)


def _job_post(archive: str, commit: str, slug: str, note: str, *jobs: dict[str, Any]) -> Real:
    return Real(archive, commit, slug, "", "requirement", note, list(jobs), batch=2)


MESSAGES: list[Real] = [
    # --- job posts by employers (no vendor, no rate, no visa) -------------------------------
    _job_post("usrp", "c904922498", "sdr_engineer_hiring_manager", "hiring manager's post; employer SkySafe is the client; no location or type stated; full JD only behind a link",
              job("SDR engineer", client="SkySafe", skills=["sdr", "c++", "python"])),
    _job_post("usrp", "1d6c81325c", "research_associate_university", "professor's two-line post; the university is the employer; location not stated (the signature names the university only)",
              job("research associate", client="North Carolina State University", skills=["usrp"])),
    _job_post("usrp", "8a976bf986", "radio_enthusiasts_full_time_and_interns", "prose post, full time and interns in one opening; title from the subject",
              job("Radio Enthusiasts", client="Astranis", employment_types=["FTE"], skills=["digital communications", "gnu radio", "signal processing"])),
    # --- bounces -------------------------------------------------------------------------------
    _look_alike("dd", "7d19d5c27", "bounce_mail_loops_back", "bounce", "Postfix DSN with the returned message attached"),
    _look_alike("dd", "03e14f441", "bounce_user_unknown", "bounce", "Postfix DSN: 550 user doesn't exist"),
    _look_alike("dd", "b67a1d286", "bounce_rejected_headers_only", "bounce", "DSN returning only the headers (text/rfc822-headers)"),
    _look_alike("dd", "c2b5838d2", "bounce_greylisted_hmailserver", "bounce", "hMailServer non-delivery, single text part"),
    _look_alike("dd", "b0b6ad6c3", "delivery_success_report", "bounce", "DSN reporting successful delivery: a delivery report, not a person's mail"),
    # --- spam dressed as jobs --------------------------------------------------------------------
    _look_alike("dd", "225629924", "freelance_task_scam_job_alert", "spam", "'NEW JOB ALERT' task scam (follow YouTube pages for daily pay): job words, no real job"),
    _look_alike("dd", "ec015cd30", "payment_representative_job_offer", "spam", "'Job Offer' payment-forwarding scam"),
    _look_alike("dd", "96de00582", "payment_representative_job_offer_resend", "spam", "resend of the payment-forwarding scam from another address"),
    _look_alike("dd", "2bf18a737f", "intermediary_earn_monthly", "spam", "'Work with us and earn $6000 monthly' intermediary scam"),
    # --- other spam ------------------------------------------------------------------------------
    _look_alike("dd", "9f9586e12c", "grant_selection_scam", "spam", "fake grant award"),
    _look_alike("dd", "66fd86326c", "lottery_award_notification", "spam", "lottery scam"),
    _look_alike("dd", "7764e5b8cc", "gps_tracking_sales", "spam", "unsolicited product marketing"),
    _look_alike("dd", "24ce551c8a", "procurement_inquiry", "spam", "fake purchase inquiry"),
    _look_alike("dd", "864f0d4d84", "mobile_phone_wholesale", "spam", "wholesale marketing"),
    _look_alike("dd", "c90e5a847f", "software_house_outsourcing_pitch", "spam", "B2B outsourcing pitch titled 'Question from developers': no job, sells services"),
    _look_alike("dd", "3868bbb431", "purchase_order_bait", "spam", "fake purchase order"),
    _look_alike("dd", "0246cac5bb", "money_transfer_pickup", "spam", "money-transfer advance-fee scam"),
    _look_alike("dd", "90701864f9", "loan_offer_short", "spam", "loan offer"),
    _look_alike("dd", "99c282e22d", "affiliate_marketing_pitch", "spam", "affiliate marketing pitch"),
    _look_alike("dd", "04ac99ab6b", "points_expiry_phishing_japanese", "spam", "Japanese phishing (points expiry)"),
    _look_alike("dd", "27c6a1ae36", "tender_invitation_scam", "spam", "fake tender / vendor-enrolment invitation"),
    _look_alike("dd", "64b57e28fe", "investment_partner_scam", "spam", "investment advance-fee scam"),
    _look_alike("dd", "93874841e0", "funds_release_scam", "spam", "funds-release advance-fee scam"),
    _look_alike("ntb", "0a973fa5e1", "compensation_offer_scam", "spam", "scam-victim compensation scam"),
    _look_alike("ntb", "2b75ab57a3", "loan_moratorium_offer", "spam", "loan offer"),
    _look_alike("ntb", "684dc96d5e", "loan_application_pdf", "spam", "loan offer with a PDF (dropped)"),
    _look_alike("ntb", "6bc9f27d4c", "network_stock_list_html", "spam", "HTML stock-list marketing (images dropped)"),
    _look_alike("ntb", "be816c4e24", "military_share_scam", "spam", "advance-fee scam"),
    _look_alike("ntb", "66cf22ad32", "business_collaboration_bait", "spam", "one-line bait"),
    _look_alike("ntb", "79734f8e73", "financing_google_form", "spam", "financing pitch through a form invitation"),
    _look_alike("ntb", "9e725df62c", "covid_fund_beneficiary", "spam", "fake relief fund"),
    _look_alike("ntb", "69ca24e8bf", "lottery_win_french", "spam", "French lottery scam (PDF dropped)"),
    _look_alike("ntb", "121d1ba6a9", "mailbox_upgrade_phishing_chinese", "spam", "Chinese credential phishing"),
    _look_alike("kasan", "b39e07ffdd", "estate_representative_scam", "spam", "next-of-kin scam, no subject"),
    _look_alike("kasan", "25cf961f24", "investment_partnership_pitch", "spam", "investment scam signed as a 'consultant'"),
    _look_alike("kasan", "8635fa6ef6", "software_download_spam", "spam", "warez download spam that quotes 'requirements' text"),
    _look_alike("cbl", "610db348c9", "cosmetics_raw_materials", "spam", "subject-only marketing"),
    _look_alike("cbl", "b81b6f1485", "private_loan_company", "spam", "loan offer"),
    _look_alike("jh", "428f8bb2e0", "b2b_email_lists", "spam", "contact-list seller ('email lists based on your requirements')"),
    _look_alike("jh", "3debe26bba", "hackers_for_hire", "spam", "one-line 'for Hire' link spam"),
    _look_alike("jh", "b130d31446", "atm_card_compensation", "spam", "advance-fee scam"),
    # --- newsletters: conferences, workshops, journals, releases ----------------------------------
    _look_alike("dd", "6e8c967a8d", "journal_call_for_articles", "newsletter", "journal's call for articles"),
    _look_alike("usrp", "ff9c475b", "gnu_radio_conference_2026", "newsletter", "conference call for participation"),
    _look_alike("usrp", "f9070949", "aerospace_conference_session", "newsletter", "session chair's call for papers"),
    _look_alike("usrp", "9b640202", "gnu_radio_conference_2020_cfp", "newsletter", "conference call for participation"),
    _look_alike("usrp", "64c249f1", "free_workshops_announcement", "newsletter", "workshop announcement with registration"),
    _look_alike("usrp", "4fd81443", "release_candidate_announcement", "newsletter", "vendor release announcement"),
    _look_alike("cbl", "0f487d9d63", "kernelci_hackfest", "newsletter", "event announcement"),
    _look_alike("cbl", "281920b837", "conference_registration_open", "newsletter", "conference registration announcement"),
    _look_alike("cbl", "3bd3cf57b5", "distributors_conference_announcement", "newsletter", "conference announcement and call for talks"),
    _look_alike("cbl", "210649a6f8", "meetup_call_for_presentations", "newsletter", "meetup call for presentations"),
    _look_alike("jh", "79ad68cdc1", "seed_conference_html_newsletter", "newsletter", "conference newsletter (beehiiv)"),
    # --- personal --------------------------------------------------------------------------------
    _look_alike("cbl", "52defc0243", "congratulations_to_member", "personal", "list member congratulating another"),
    _look_alike("cbl", "2919f72bc0", "meetup_tshirt_sizes", "personal", "organiser asking attendees for t-shirt sizes"),
    _look_alike("jh", "055139066c", "student_introduces_himself", "personal", "GSoC student introducing himself to the list: a candidate's own mail, no CV"),
    # --- other: list housekeeping, developers' questions, automated notifications ------------------
    _look_alike("dd", "016e16c2c", "ci_build_success_report", "other", "kernel test robot build report"),
    _look_alike("usrp", "51f48de8", "question_workshop_recordings", "other", "member question about workshop recordings"),
    _look_alike("usrp", "4bec9b72", "unsubscribe_plea", "other", "unsubscribe request"),
    _look_alike("usrp", "7798db7c", "unsubscribe_empty", "other", "subject-only unsubscribe"),
    _look_alike("usrp", "8b093567", "question_mail_not_delivered", "other", "member asking why his mail did not reach the list"),
    _look_alike("usrp", "4848ec15", "question_gpp_requirements", "other", "technical question whose subject says 'requirements'"),
    _look_alike("usrp", "e36fc5ca", "question_minimum_requirement", "other", "technical question whose subject says 'minimum requirement'"),
    _look_alike("ntb", "b8ee58a484", "maintainer_wiki_licence_proposal", "other", "maintainer's proposal to the list"),
    _look_alike("ntb", "3d46688e0e", "maintainer_asks_for_testing", "other", "maintainer asking list members to test a branch"),
    _look_alike("ntb", "fb4bda66d2", "developer_question_unregister", "other", "technical question"),
    _look_alike("kasan", "a323bed6", "bugzilla_new_bug", "other", "bug tracker notification"),
    _look_alike("cbl", "962d03a527", "meeting_notes", "other", "project meeting notes"),
    _look_alike("cbl", "7ad15009be", "document_shared_invitation", "other", "document-sharing notification"),
    _look_alike("cbl", "e4a1ea88bc", "ci_support_ticket_reply", "other", "support-desk reply on a credits request"),
    _look_alike("jh", "78728603c4", "repository_push_notification", "other", "repository push notification"),
    _look_alike("jh", "75b6242965", "subscribe_request", "other", "'Subscribe' sent to the list"),
]  # fmt: skip
