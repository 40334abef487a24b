"""Eighth collection pass (2026-12-07): spam the rules read as "other" (or personal, newsletter,
hotlist), and list traffic the rules read as spam, personal or submission, for ``dev``.

Why: on the held-back split the category accuracy was 0.891 with the misses (aggregate figures
only) among spam, personal and other mail, while dev stood at 0.983: dev had too few kinds of
look-alike. Taken from one archive with no message in ``sources.json`` before, linux-erofs
(lists.ozlabs.org, a list that takes mail from non-members). How: its 979 non-patch,
non-reply messages (by archive subject) were classified by rules 1.11.0 and every subject
listed; the mail whose category looked wrong was read one by one, one message per campaign
(e-bike campaign: two of its twenty; an empty body, a bare payment-slip heading, a webform
abuse carrying adult spam and a phishing mail sent as 'postmaster', a bounce by its sender
rule outside the category rules, and an export lure whose From address holds a broken byte
the scrubber cannot write, were left out; a maintainer's roadmap mail was dropped by the sender check: its
kernel.org sender group holds held-back mail). Labelled from the mail alone before any rule
was changed: 38 spam (purchase and quotation lures, suppliers' pitches, investor and loan
bait, account and delivery phishing, list sellers, a lottery) and 19 other (developers'
questions and reports, some in Chinese, students' GSoC enquiries, a list-software notice).

The whole pass goes to ``dev`` (``SPLIT``); ``build_real_corpus._groups_and_splits`` still
refuses a dev message whose sender group is in ``heldout``.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from tests.corpus.real.labelled import LIST_TRAFFIC_LICENCE, Real

__all__ = ["ARCHIVES", "LICENCE", "LIST_ADDRESSES", "MESSAGES", "NAMES", "SPLIT"]

ARCHIVES = {"erofs": "linux-erofs.lists.ozlabs.org.0"}
LIST_ADDRESSES = ("linux-erofs@",)
SPLIT = "dev"
LICENCE = LIST_TRAFFIC_LICENCE

# Applied to this pass's messages only.
NAMES = [
    ("Suzanne Hobs", "Sender Two-Hundred"), ("Suzanne", "Sender Two-Hundred"), ("Jason Conley", "Sender Two-Hundred-One"),
    ("Jason.conley", "sender201"), ("Sarah Rahal Armra", "Sender Two-Hundred-Two"), ("Steven Pilato", "Sender Two-Hundred-Three"),
    ("William Cheung", "Sender Two-Hundred-Four"), ("Elena Santiago", "Sender Two-Hundred-Five"), ("Michelle Finn", "Sender Two-Hundred-Six"),
    ("Michelle", "Sender Two-Hundred-Six"), ("Zala Mlakar", "Sender Two-Hundred-Seven"), ("Zala", "Sender Two-Hundred-Seven"),
    ("Beth Dale", "Sender Two-Hundred-Eight"), ("Lydia", "Sender Two-Hundred-Nine"), ("Shawn", "Sender Two-Hundred-Ten"),
    ("Nathan Bailey", "Sender Two-Hundred-Eleven"), ("Nathan", "Sender Two-Hundred-Eleven"), ("Jenna Franco", "Sender Two-Hundred-Twelve"),
    ("Iris", "Sender Two-Hundred-Thirteen"), ("Frank", "Sender Two-Hundred-Fourteen"), ("Albert Bourla", "Sender Two-Hundred-Fifteen"),
    ("Alistair Currie", "Sender Two-Hundred-Sixteen"), ("Krystal Qiu", "Sender Two-Hundred-Seventeen"), ("Kelsey Cooper", "Sender Two-Hundred-Eighteen"),
    ("Tomasz Chmielewski", "Sender Two-Hundred-Nineteen"), ("Petre", "Sender Two-Hundred-Twenty"), ("Yexenai", "Sender Two-Hundred-Twenty-One"),
    ("Jony", "Sender Two-Hundred-Twenty-Two"), ("Clinton_bs", "sender223"), ("Dr. Alfred", "Dr. Sender"), ("Jason", "Sender Two-Hundred-Twenty-Four"),
    ("doddyou", "sender225"), ("skiiwank", "sender226"), ("naprre", "sender227"),
    ("Simon Hosie", "Developer Forty"), ("Jianhua1 Hao", "Developer Forty-One"), ("郝建华", "Developer Forty-One"),
    ("Nithurshen Karthikeyan", "Student One"), ("Nithurshen", "Student One"), ("xtex", "developer42"),
    ("Matthew Wilcox", "Developer Forty-Three"), ("Gao Xiang", "Maintainer Eleven"), ("GaoXiang", "Maintainer Eleven"), ("Gao", "Maintainer Eleven"),
    ("Igor Eisberg", "Developer Forty-Four"), ("Bushrah Zulfiqar", "Student Two"), ("DAKSH GARG", "Student Three"), ("Daksh Garg", "Student Three"),
    ("Daksh", "Student Three"), ("Harsh Gautam", "Student Four"), ("Harsh", "Student Four"), ("Divyansh Khatri", "Student Five"),
    ("Divyansh", "Student Five"), ("Puneeth Aditya", "Student Six"), ("puneeth", "Student Six"), ("mugiwaraluffy56", "student6"),
    ("Tristan", "Reporter One"), ("TristanInSec", "reporter1"), ("肖淼森", "Developer Forty-Five"), ("王硕", "Developer Forty-Six"),
    ("孟祥宇", "Student Seven"), ("狗卷", "Student Eight"), ("刘金宝", "Developer Forty-Seven"), ("ZHOU", "Developer Forty-Eight"),
    # phone numbers in forms the pattern does not know
    ("95137408", "(555) 010-0801"), ("62363887", "(555) 010-0802"), ("86-15546950150", "(555) 010-0803"),
    ("+31(0)208080 880", "(555) 010-0804"), ("+86 18194019303T", "(555) 010-0805T"), ("86-755-84875752", "(555) 010-0806"),
    ("86-755-84875750", "(555) 010-0807"), ("+61431942136", "(555) 010-0808"),
]  # fmt: skip


def _spam(commit: str, slug: str, note: str) -> Real:
    return Real("erofs", commit, slug, "", "spam", note, batch=8)


def _other(commit: str, slug: str, note: str) -> Real:
    return Real("erofs", commit, slug, "", "other", note, batch=8)


MESSAGES: list[Real] = [
    # --- purchase, quotation and supplier lures (read as other or hotlist) --------------------------
    _spam("a04ffe8714", "quotation_request_lure", "'request a quotation for the items detailed in the attached document' (order lure)"),
    _spam("39a4d17d60", "urgent_order_source_lure", "'Urgent Order': help us source the product we need, contact me directly"),
    _spam("f78c30ef1c", "new_order_catalog_lure", "'Dear Supplier. We would like to make a purchase from you, send us your recent catalog'"),
    _spam("92acec8c17", "enquiry_sales_rep_lure", "'introduced to your company by a partner … put me in contact with your sales representative'"),
    _spam("950f58d5f6", "inquiry_price_quotes_lure", "'interested in partnering … send us comprehensive price quotes'"),
    _spam("7fbf3d5335", "po_order_pdf_lure", "'P.O_Order No.': an enquiry about a product, 'see attach PDF'"),
    _spam("b527410086", "send_catalogue_lure", "'please send the catalog with the minimum quantities', a WeChat id"),
    _spam("ab98508cba", "wechat_products_lure", "'Having gone through your company's website, we are interested in your products', WeChat"),
    _spam("78f11bc352", "purchase_quantity_wechat", "'I would like to know the purchase quantity and the price per unit', WeChat"),
    _spam("1e9397364c", "bidding_invitation_lure", "'Bidding invitation': quote a pressure regulator, 30 units, to a look-alike address"),
    _spam("0e1df61b60", "supplier_partnership_lure", "a 'Procurement Officer' seeking reliable suppliers, 'what you manufacture and export'"),
    _spam("3434bd20ec", "vendor_eoi_scam", "an oil major's 'vendors expression of interest' open to all companies (advance-fee)"),
    _spam("e44df0f957", "proposal_documents_phish", "'review the attached documentation regarding our proposal', a request for quotation link"),
    # --- suppliers' and services' pitches (read as other, personal or hotlist) ----------------------
    _spam("4ecdbf292c", "ebike_pitch", "'We are glad to introduce our latest e-bike' (one campaign of many)"),
    _spam("72cdbbaa9f", "ebike_pitch_perfect_match", "'find your perfect match': e-bikes shipped from a warehouse in Germany (read as personal)"),
    _spam("cdbf1a64a2", "die_casting_pitch", "'my name is …, and I represent CNM': a die-casting company's machinery"),
    _spam("598b1c7d39", "fulfilment_service_pitch", "'Who could we connect with at your company that is in charge of … order fulfillment?'"),
    _spam("743bf2f0f1", "bathrobes_manufacturer_pitch", "a manufacturer of fleece bathrobes and blankets in Suzhou"),
    _spam("59c84ab246", "product_photography_pitch", "'check if you have photo shooting needs for your products' (read as personal)"),
    _spam("9d82a6e320", "adhesives_pitch", "'Here share with you some successful cases about our … Adhesive' (read as hotlist)"),
    _spam("34b9ccf2aa", "pcb_maker_year_letter", "a PCB maker's year-end letter to 'valued customers like yourself'"),
    _spam("088b12492c", "electronics_recycling_ad", "an electronics recycler's bilingual advert (read as newsletter)"),
    _spam("caa00f4949", "attendee_list_seller", "'Sign And Digital UK 2024 list is available for you to acquire'"),
    _spam("db220d3879", "software_users_list_seller", "'send in your Business Proposals/Newsletter to key decision makers … using Altium' (read as newsletter)"),
    # --- investor, loan and lottery bait -----------------------------------------------------------
    _spam("fd1dbcae55", "portfolio_manager_investors", "a 'Portfolio Manager' with investors 'eager to support your company's current initiatives'"),
    _spam("84f840daaf", "investor_client_proposal", "'I have a serious client who wants to invest either as a loan or as equity'"),
    _spam("01255d73d3", "lucrative_proposal", "'I have a lucrative proposal for you, reply for more info.'"),
    _spam("d40f7edd3a", "research_assistant_bait", "'did you receive my email yesterday? … I shall divulge details of my intent'"),
    _spam("10d1930aa1", "investor_partnership_bait", "'a high net worth investor … strategic partnership Business Alliance with you'"),
    _spam("72a0a1349d", "lottery_winner", "'Congratulation: You're a winner!' a lottery prize credited to a file number"),
    # --- account, payment and delivery phishing ----------------------------------------------------
    _spam("466c284e1e", "eft_payment_phish", "'Your invoice payment has been completed via EFT', a payment-summary link"),
    _spam("0a33556ba1", "password_expiry_phish", "'The password for … will expire soon … Keep the same password'"),
    _spam("6ed11df6cd", "exchange_login_phish", "a crypto exchange's 'unusual access to your account' notice"),
    _spam("912b815213", "shipping_fee_phish", "a courier's shipment 'awaiting instructions … pay the additional shipping fees'"),
    _spam("f04cf6f497", "tax_refund_phish", "'You have an outstanding refund' from a government service, with filler words"),
    _spam("245f32b391", "quarantine_report_phish", "'new e-mails in your Spam folder … Release all' (fake quarantine report)"),
    _spam("e961321ccf", "file_transfer_phish", "'sent You A File Via WeTransfer': a bill of lading"),
    _spam("247601e7b8", "shared_document_phish", "'You Received a New Document' from a PDF tool (read as newsletter)"),
    # --- developers' questions and reports (read as spam or personal) ------------------------------
    _other("d78f43e082", "porting_performance_question_zh", "Chinese: a developer's porting and performance question to the maintainers (read as spam)"),
    _other("c44d41e6c2", "zstd_mkfs_error_question", "'Issue of erofs use zstd': an error log and 'could you help to check?' (read as spam)"),
    _other("e35e317813", "dictionary_compression_question", "'[question] Status of dictionary preload compression?' (read as spam)"),
    _other("e1fbc4ace5", "deadlock_report", "a deadlock seen in a stress test, two threads' stacks (read as spam)"),
    _other("3f3c85ba63", "decompress_help_reply_zh_subject", "'答复: … Request for Assistance': the option suggested failed (read as spam)"),
    _other("32a13234dd", "community_chat_group_question_zh", "Chinese: is there a chat group for the community? I'd like to contribute (read as spam)"),
    _other("3585b1479d", "summer_of_code_question_zh", "Chinese: asking about the community's open-source summer project (read as spam)"),
    _other("7f6f7b9a3b", "rebuild_mode_design_question", "a design question on rebuild mode and tail-packing (read as personal)"),
    _other("86539d3ace", "readahead_design_proposal", "a kernel developer's design proposal for readahead of compressed data (read as personal)"),
    _other("a5e415f6e0", "fuse_mount_issue", "a user's issue mounting an Android image with the FUSE tool (read as personal)"),
    _other("89e578e2db", "vulnerability_report", "a report of five vulnerabilities found by fuzzing (read as newsletter)"),
    _other("ed26d9778b", "resource_leak_report", "'Report two resource leak issues and submit patches' (read as newsletter)"),
    _other("83148b8445", "list_software_notice", "the list's postmaster: the list is now managed by other software (read as bounce)"),
    # --- students' GSoC enquiries (read as submission, personal or spam) ---------------------------
    _other("99c073b765", "gsoc_late_proposal_request", "a student asking to submit a GSoC proposal late (read as submission)"),
    _other("dfc5b8c979", "gsoc_missed_deadline", "a student who missed the GSoC deadline by minutes (read as submission)"),
    _other("2754e085e9", "gsoc_project_inquiry", "a student's enquiry about a GSoC project (read as submission)"),
    _other("89124e2a07", "gsoc_introduction", "a student introducing themself and three GSoC projects (read as personal)"),
    _other("d9a1cf1109", "gsoc_first_patch_intro", "a student's introduction, no subject, after a first patch (read as personal)"),
    _other("0f390d9e8e", "gsoc_profiling_rfc", "a student's GSoC baseline profiling and plan, subject an address (read as spam)"),
]  # fmt: skip
