"""Seventh collection pass (2026-12-07): spam the rules read as "other", one-to-one personal mail
posted to lists, and discussion under an announcement's subject, for ``dev``.

Why: on the held-back split the category accuracy was 0.891 with the misses (aggregate figures
only) mostly spam and personal mail read as "other", and one list message read as a
newsletter; dev had 3 personal mails in 250. Taken from archives with no held-back mail:
linux-f2fs-devel and openipmi-developer (no message in ``sources.json`` before), and
clang-built-linux and openbmc (dev only). How: the thread-starting, non-patch messages of
linux-f2fs-devel (1,019) and the non-patch messages of openipmi-developer were classified by
rules 1.9.0 and the subjects listed; the spam read as anything but spam was read one by one,
one message per campaign (campaigns already in the corpus, the folding chairs, welders,
photovoltaics for firms, sales recruitment and bakery equipment, were left out; two empty
bodies were dropped). The personal mail was found by subject words in every non-held-back
archive of the store (congratulations, thanks, farewell, welcome, holidays, out of office): a
member congratulating another on a new full-time role and its replies, an organiser thanking
speakers, a planning committee and meetup attendees, a maintainer's farewell and the replies
wishing her well. Labelled from the mail alone before any rule was changed.

The whole pass goes to ``dev`` (``SPLIT``); ``build_real_corpus._groups_and_splits`` still
refuses a dev message whose sender group is in ``heldout``.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from tests.corpus.real.labelled import LIST_TRAFFIC_LICENCE, Real

__all__ = ["ARCHIVES", "LICENCE", "LIST_ADDRESSES", "MESSAGES", "NAMES", "SPLIT"]

ARCHIVES = {
    "f2fs": "linux-f2fs-devel.lists.sourceforge.net.0",
    "ipmi": "openipmi-developer.lists.sourceforge.net.0",
}
LIST_ADDRESSES = ("linux-f2fs-devel@", "openipmi-developer@")
SPLIT = "dev"
LICENCE = LIST_TRAFFIC_LICENCE

# Applied to this pass's messages only (earlier passes' placeholders kept for the same people).
NAMES = [
    ("Lukas Bulwahn", "Member Eight"), ("Lukas", "Member Eight"), ("Bill Wendling", "Organiser Five"), ("-bw", "-Organiser Five"),
    ("Nathan Chancellor", "Member Nine"), ("Nathan", "Member Nine"), ("Nick Desaulniers", "Organiser Seventeen"),
    ("Nick", "Organiser Seventeen"), ("Fangrui Song", "Member Thirteen"), ("Fāng-ruì Sòng", "Member Thirteen"), ("宋方睿", "Member Thirteen"),
    ("Kees Cook", "Member Fourteen"), ("Kees", "Member Fourteen"), ("Sedat Dilek", "Member Fifteen"), ("Sedat", "Member Fifteen"),
    ("Elena", "Volunteer One"), ("Guy", "Volunteer Two"),
    ("Emily Shaffer", "Maintainer Nine"), ("Emily", "Maintainer Nine"), ("Kurt Taylor", "Developer Thirty"), ("krtaylor", "developer30"),
    ("Nancy Yuen", "Developer Thirty-One"), ("Nancy", "Developer Thirty-One"), ("Gunnar Mills", "Developer Thirty-Two"), ("Gunnar", "Developer Thirty-Two"),
    ("Corey Minyard", "Maintainer Ten"), ("-corey", "-maintainer10"), ("Pavel Cahyna", "Developer Thirty-Three"),
    ("Christian Theune", "Developer Thirty-Four"), ("Christian Zagrodnick", "Developer Thirty-Five"), ("Christian", "Developer Thirty-Four"),
    ("Adrian Liszka", "Sender One-Sixty"), ("Karolina Dylkiewicz", "Sender One-Sixty-One"), ("Samuel Zeman", "Sender One-Sixty-Two"),
    ("Vincenc Turek", "Sender One-Sixty-Three"), ("Agnes Jansson", "Sender One-Sixty-Four"), ("Lukas Varga", "Sender One-Sixty-Five"),
    ("Michal Rmoutil", "Sender One-Sixty-Six"), ("Michael Beutler", "Sender One-Sixty-Seven"), ("Leoš Sládek", "Sender One-Sixty-Eight"),
    ("Kristián Pletánek", "Sender One-Sixty-Nine"), ("Zbynek Spacek", "Sender One-Seventy"), ("Lukáš Horváth", "Sender One-Seventy-One"),
    ("Lilli Barke", "Sender One-Seventy-Two"), ("Lilli", "Sender One-Seventy-Two"), ("Amjad Ali", "Sender One-Seventy-Three"), ("Amjad", "Sender One-Seventy-Three"),
    ("Jerry D. McCumber", "Sender One-Seventy-Four"), ("Jerry McCumber", "Sender One-Seventy-Four"), ("Arthur Mealer", "Person Seventy-Five"),
    ("Sharon Degree", "Sender One-Seventy-Six"), ("Kim Anong", "Sender One-Seventy-Seven"), ("Kim Chan", "Sender One-Seventy-Seven"),
    ("Juaquin Dabeer", "Sender One-Seventy-Eight"), ("Sheather Artemia Guimerey", "Sender One-Seventy-Nine"), ("Silvana Tenreyro", "Sender One-Eighty"),
    ("Żaneta Kędzierska", "Sender One-Eighty-One"), ("Celina Jones", "Sender One-Eighty-Two"), ("celina.jones", "person"),
    ("Diego Sánchez", "Sender One-Eighty-Three"), ("Ernesto Feeney", "Sender One-Eighty-Four"), ("Fadel - Crona", "Sender One-Eighty-Five"),
    ("Kent Yoshitaka", "Sender One-Eighty-Six"), ("Ms. Kim", "Ms. Sender"), ("Hi Corey", "Hi Maintainer Ten"), ("Hello Corey", "Hello Maintainer Ten"),
    ("Leipziger Str. 70/71", "Example Street 1"), ("Via Camillo De Nardis", "Via Example"),
    # phone numbers in forms the pattern does not know
    ("+39 82 5604081", "(555) 010-0702"), ("971-6-529 1199", "(555) 010-0703"),
    ("971-6-529 1099", "(555) 010-0704"), ("61488892067", "(555) 010-0705"), ("+49 345 219401 0", "(555) 010-0706"),
]  # fmt: skip


def _spam(archive: str, commit: str, slug: str, note: str) -> Real:
    return Real(archive, commit, slug, "", "spam", note, batch=7)


def _look_alike(archive: str, commit: str, slug: str, category: str, note: str) -> Real:
    return Real(archive, commit, slug, "", category, note, batch=7)


MESSAGES: list[Real] = [
    # --- cold B2B pitches in Polish, Czech and English (read as other) -----------------------------
    _spam("f2fs", "23e09cd958", "sales_cooperation_pl", "Polish: 'is cooperation with you possible? we help win new clients'"),
    _spam("f2fs", "d13159835b", "labour_law_service_pl", "Polish: a lawyer's labour-law service pitched to 'dear entrepreneurs'"),
    _spam("f2fs", "08cc9a4db4", "importer_cooperation_cz", "Czech: a stationery and seasonal-goods importer offering wholesale cooperation"),
    _spam("f2fs", "9a638aa016", "lead_generation_inquiry_cz", "Czech: 'Poptávka' (inquiry): we support firms in winning business customers, can we talk?"),
    _spam("f2fs", "b9a9a9eaf5", "production_system_trial_cz", "Czech: a production-monitoring system, 60-day free trial"),
    _spam("f2fs", "57e246721c", "pv_switchboards_cz", "Czech: a maker of photovoltaic switchboards offering supply"),
    _spam("f2fs", "38034e1ee3", "die_casting_cz", "Czech: aluminium die-casting plants, 'would you like to talk about cooperation?'"),
    _spam("f2fs", "f7f4ca846e", "floor_audit_cz", "Czech: industrial seamless floors, a technical audit offer"),
    _spam("f2fs", "e431fccb8f", "packaging_manufacturer_pitch", "'While browsing your offer…': HDPE/PP bottles, caps and buckets manufacturer"),
    _spam("f2fs", "000cc22b68", "pos_displays_pitch", "point-of-sale displays maker asking for the person responsible for marketing or sales"),
    _spam("f2fs", "92dd0c5e40", "silicone_rubber_pitch", "silicone compounds and rubbers supplier: 'Do you want to know what we can offer you?'"),
    _spam("f2fs", "665606871f", "gas_equipment_pitch", "gas producer and cylinder supplier listing its activities ('Good day, Sir')"),
    _spam("f2fs", "78f98f87e0", "disinfection_distribution_pitch", "'looking for companies interested in raising additional capital' by distributing hygiene products"),
    _spam("f2fs", "8cbebde571", "transcription_service_pitch", "audio/video transcription service at 70 cents a minute"),
    # --- strangers' money, deals and bait (read as other or bounce) --------------------------------
    _spam("f2fs", "298042644f", "unclaimed_balance_de", "German: 'Herzlichen Glückwunsch!' an unclaimed balance of £4,000,000 from a late customer"),
    _spam("f2fs", "c44b641d3e", "beneficiary_lawyer", "a 'law firm' asking whether you will be the beneficiary of a late client"),
    _spam("f2fs", "4548ff083d", "investor_ventures", "a stranger who 'just got your contact' wants to invest in your country"),
    _spam("f2fs", "e95aedc946", "business_trustee_bait", "'Business Trustee Needed': a long-term business opportunity, 'contact me back'"),
    _spam("f2fs", "b1219663a1", "business_venture_bait", "'Treat this as urgent': a business venture, details on acknowledgment"),
    _spam("f2fs", "0aceebe2a8", "raw_material_supplier_scam", "a 'Bio Firm' staff member seeking a representative to supply raw materials (advance-fee)"),
    _spam("f2fs", "f7beaacf97", "us_rep_offer", "a company offering the list a paid job as its US 'representative' (payment-forwarding scam)"),
    _spam("f2fs", "045fa18978", "product_order_lure", "'NEW ORDER REQUEST': a sourcing manager's customer with 'large demand of your product'"),
    _spam("f2fs", "4872d4f477", "product_list_rfq_lure", "'[SPAM] LPO …': products 'in the attached document', asks prices and availability (lure)"),
    _spam("f2fs", "836078a0a2", "confirm_previous_mail_bait", "'Please confirm receipt of the previous mail I sent … or do I resend it?'"),
    _spam("f2fs", "7bd07f6b2f", "pen_pal_bait", "'HI': a stranger seeking a 'pen pal like friendship' (romance bait)"),
    # --- one-to-one personal notes posted to lists (read as other or newsletter) ------------------
    _look_alike("cbl", "e1fd2de528", "congrats_reply_thanks_both", "personal", "reply in a congratulations thread: 'really good news … congratulations to Member Nine!'"),
    _look_alike("cbl", "a65d7c046d", "congrats_reply_team_effort", "personal", "reply in a congratulations thread: 'It was a team effort' joke"),
    _look_alike("cbl", "a598d012ea", "congrats_reply_proud_of_you", "personal", "reply in a congratulations thread: 'I'm very proud of you'"),
    _look_alike("cbl", "1f55dc41f3", "congrats_reply_congrats", "personal", "reply: 'Congrats Member Nine. I love when people do good things and are paid for it'"),
    _look_alike("cbl", "254ee3d768", "thanks_to_speakers", "personal", "an organiser thanking the speakers of a conference track, 'very proud of you all'"),
    _look_alike("cbl", "ab1ed15de3", "thanks_to_planning_committee", "personal", "an organiser thanking a conference's planning committee"),
    _look_alike("cbl", "5ea197f366", "thanks_for_attending_meetup", "personal", "an organiser thanking meetup attendees, dinner in the lobby, safe travels"),
    _look_alike("cbl", "93f6c0f1a7", "thanks_for_attending_reply", "personal", "co-organiser's reply: 'thank you again for attending … enjoyed meeting many of you'"),
    _look_alike("bmc", "e6a996ddfb", "farewell_best_wishes", "personal", "'Farewell & Best Wishes': a co-maintainer stepping down, thanking the community"),
    _look_alike("bmc", "a2b149a553", "farewell_reply_our_loss", "personal", "reply to a farewell: 'Our loss. Thank you for all your contributions … Best of luck'"),
    _look_alike("bmc", "db8d90f119", "farewell_reply_sad_to_see_you_go", "personal", "reply to a farewell: 'Thanks for all your contributions! Sad to see you go.'"),
    _look_alike("bmc", "dabe1afca1", "farewell_reply_great_working", "personal", "reply to a farewell: 'Great working with you … Don't be a stranger'"),
    # --- discussion under an announcement's subject; a report with a holiday greeting --------------
    _look_alike("ipmi", "ebb648fedf", "release_reply_discussion", "other", "'Re: … released': the maintainer's reply in a discussion of a library's ABI"),
    _look_alike("ipmi", "6db794afe6", "release_reply_abi_question", "other", "'Re: … released': a packager's reply about ABI compatibility"),
    _look_alike("ipmi", "540423c171", "watchdog_findings_report", "other", "a user's findings on watchdog reboots, opening with a holiday-season greeting (base64 body)"),
]  # fmt: skip
