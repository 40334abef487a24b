"""Ninth collection pass (2026-12-07): unsolicited mail and list traffic of nine archives never
used before, split by the sender rule (not forced into ``dev``), to enlarge the held-back split.

Why: the held-back split is small (46 mails), so one mail moves its category accuracy by 0.022.
The issue asked for more real US IT-staffing requirement mail first. None was found: the five
Google Groups archives in the store are used up (earlier passes), and 12 further archives fetched
for this pass (linux-um, kexec, ath10k, linux-snps-arc, linux-afs, linux-i3c, linux-rpi-kernel,
b43-dev, libertas-dev, linux-amlogic, linux-rockchip at lists.infradead.org; linuxppc-users at
lists.ozlabs.org; 24,872 messages) hold no message scoring 7 or more of 25 staffing terms (C2C,
W2, H1B, USC, GC, "Duration:", "Location:", "Role:", rate, resume, hotlist, bench, client, visa,
…) and no hiring subject; index searches for vendor phrases found only the mail the first pass
already holds. What the new archives do hold is taken here, one message per campaign (59): 52
unsolicited mails (advance-fee, inheritance, donation, lottery, compensation and ATM-card
letters; investors and loans; purchase-order and supplier lures; "did you get my last mail"
bait; a job-offer lure, "an offer to work within your region for a decent salary"; a fake UN
payment under a calendar-reminder subject; Hungarian, Czech, German, Spanish and Chinese
pitches and phishing), 5 list messages (users' questions, a test mail, a CI build report, a
package proposal) and 2 newsletters (a release announcement, a
workshop's accepted talks). Left out: empty bodies, a sextortion mail, adult contact-form
copies, contact-form auto-replies (backscatter), a postmaster-sent proposal, and second
copies of a campaign; three were dropped after the sender check: two campaigns already in
``dev`` (a product inquiry, an 'interesting project' bait) and a maintainer's note whose gmx.net
sender group was forced into ``dev`` by an earlier pass while its hash says ``heldout``.

Labelled from the mail alone before the extractor was run on any of them. Split: the sender
rule of ``build_real_corpus._groups_and_splits`` (hash of the sender, about 40 % held back).
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

from tests.corpus.real.labelled import LIST_TRAFFIC_LICENCE, Real

__all__ = ["ARCHIVES", "LICENCE", "LIST_ADDRESSES", "MESSAGES", "NAMES"]

ARCHIVES = {
    "kexec": "kexec.lists.infradead.org.0",
    "ath10k": "ath10k.lists.infradead.org.0",
    "um": "linux-um.lists.infradead.org.0",
    "afs": "linux-afs.lists.infradead.org.0",
    "rpi": "linux-rpi-kernel.lists.infradead.org.0",
    "b43": "b43-dev.lists.infradead.org.0",
    "libertas": "libertas-dev.lists.infradead.org.0",
    "rockchip": "linux-rockchip.lists.infradead.org.0",
    "arc": "linux-snps-arc.lists.infradead.org.0",
}
LIST_ADDRESSES = ("libertas-dev@",)
LICENCE = LIST_TRAFFIC_LICENCE

# Applied to this pass's messages only.
NAMES = [
    ("Daniel Patrick", "Sender Three-Hundred"), ("Angela Wilpert", "Sender Three-Hundred-One"), ("Rose Gomo", "Sender Three-Hundred-Two"),
    ("Mrs.Susan Jones", "Mrs. Sender Three-Hundred-Three"), ("Susan Jones", "Sender Three-Hundred-Three"), ("A. Douglas McGregor", "Sender Three-Hundred-Four"),
    ("Douglas McGregor", "Sender Three-Hundred-Four"), ("Irene Zakari", "Sender Three-Hundred-Five"), ("Bernard Bakary Zakaria", "Sender Three-Hundred-Six"),
    ("Judith Rice", "Sender Three-Hundred-Seven"), ("mrs.chantal", "sender308"), ("MrS.Chantal", "Sender Three-Hundred-Eight"), ("CHANTAL", "Sender Three-Hundred-Eight"),
    ("pedro hills", "Sender Three-Hundred-Nine"), ("PEDRO", "SENDER"), ("Ruben CONVY", "Sender Three-Hundred-Ten"), ("nath ogu", "Sender Three-Hundred-Eleven"),
    ("evangeline mulay", "Sender Three-Hundred-Twelve"), ("Peter Wong", "Sender Three-Hundred-Thirteen"), ("SANDRA DEWI", "Sender Three-Hundred-Fourteen"),
    ("Sandra Dewi", "Sender Three-Hundred-Fourteen"), ("Maryalice Williams", "Sender Three-Hundred-Fifteen"), ("Harvey Terence", "Sender Three-Hundred-Sixteen"),
    ("Robert Bailey", "Sender Three-Hundred-Seventeen"), ("Juanito S. Galang", "Sender Three-Hundred-Eighteen"), ("DR CHALLY NOAH", "Sender Three-Hundred-Nineteen"),
    ("Chally Noah", "Sender Three-Hundred-Nineteen"), ("Abraham Ummel", "Sender Three-Hundred-Twenty"), ("Susan S. Cage", "Sender Three-Hundred-Twenty-One"),
    ("urs portmann", "Sender Three-Hundred-Twenty-Two"), ("Theophilus Odadudu", "Sender Three-Hundred-Twenty-Three"), ("William Roberts", "Sender Three-Hundred-Twenty-Four"),
    ("Mcclaine John", "Sender Three-Hundred-Twenty-Five"), ("Favor Desmond", "Sender Three-Hundred-Twenty-Six"), ("Moon David", "Sender Three-Hundred-Twenty-Seven"),
    ("Beth Nat", "Sender Three-Hundred-Twenty-Eight"), ("Bishop Johnr", "Sender Three-Hundred-Twenty-Nine"), ("Allen and Violet Large", "Sender Three-Hundred-Thirty"),
    ("Joon-Kyu Lin", "Sender Three-Hundred-Thirty-One"), ("Joon-Kyu Lim", "Sender Three-Hundred-Thirty-One"), ("Mary Coster", "Sender Three-Hundred-Thirty-Two"),
    ("John Dave", "Sender Three-Hundred-Thirty-Three"), ("Kapolcs Mátyás", "Sender Three-Hundred-Thirty-Four"), ("Charlotte Davis", "Sender Three-Hundred-Thirty-Five"),
    ("Kamil Adamec", "Sender Three-Hundred-Thirty-Six"), ("Massouma Karimpour Behrouz", "Sender Three-Hundred-Thirty-Seven"), ("Karimpour Behrouz", "Sender Three-Hundred-Thirty-Seven"),
    ("Fred and Lesley Higgins", "Sender Three-Hundred-Thirty-Eight"), ("Donald Douglas", "Sender Three-Hundred-Thirty-Nine"), ("Frederick Mbogo", "Sender Three-Hundred-Forty"),
    ("Fredrick Mbogo", "Sender Three-Hundred-Forty"), ("Smith Jerry", "Sender Three-Hundred-Forty-One"), ("Mike Deanie", "Sender Three-Hundred-Forty-Two"),
    ("Martins Henry", "Sender Three-Hundred-Forty-Three"), ("Martin Henry", "Sender Three-Hundred-Forty-Three"), ("Donald Railton", "Sender Three-Hundred-Forty-Four"),
    ("PEREZ PAULETTE", "Sender Three-Hundred-Forty-Five"), ("Larry Wayne", "Sender Three-Hundred-Forty-Six"), ("Timothy Petrone", "Sender Three-Hundred-Forty-Seven"),
    ("Okrapah Adjei", "Sender Three-Hundred-Forty-Eight"), ("Elmira Fernandez", "Sender Three-Hundred-Forty-Nine"), ("Sigrid Rausing", "Sender Three-Hundred-Fifty"),
    ("Saleem Ahmed Saleef", "Sender Three-Hundred-Fifty-One"), ("Craig Stadler", "Sender Three-Hundred-Fifty-Two"), ("Selina Bucur", "Sender Three-Hundred-Fifty-Three"),
    ("selina", "Sender Three-Hundred-Fifty-Three"), ("Selina", "Sender Three-Hundred-Fifty-Three"), ("Alena Schillerova", "Sender Three-Hundred-Fifty-Four"),
    ("Emili Berker", "Sender Three-Hundred-Fifty-Five"), ("Jon Berker", "Sender Three-Hundred-Fifty-Six"), ("Glen James", "Sender Three-Hundred-Fifty-Seven"),
    ("Anton R. Ivanov", "Developer Fifty"), ("Anton Ivanov", "Developer Fifty"), ("David Howells", "Developer Fifty-One"), ("dhowells", "developer51"),
    ("David William Botsch", "Organiser Fifty-Two"), ("Dave Botsch", "Organiser Fifty-Two"), ("Mike Meffie", "Organiser Fifty-Three"), ("Jeff Hutzelman", "Organiser Fifty-Four"),
    ("Stefan Wahren", "Maintainer Fifty-Five"), ("Stefan", "Maintainer Fifty-Five"), ("Nicolas Saenz Julienne", "Maintainer Fifty-Six"),
    ("EVANS JONES", "Sender Three-Hundred-Fifty-Eight"), ("Hatem Kamil Abdul Fatah", "Sender Three-Hundred-Fifty-Nine"), ("Greg Adams", "Sender Three-Hundred-Sixty"),
    ("Favor", "Sender Three-Hundred-Twenty-Six"), ("Craig", "Sender Three-Hundred-Fifty-Two"), ("Irene", "Sender Three-Hundred-Five"), ("艾琳", "Sender Three-Hundred-Five"),
    ("亚伯拉罕·乌梅尔", "Sender Three-Hundred-Twenty"), ("伯纳德·巴卡里·扎卡里亚", "Sender Three-Hundred-Six"), ("Vineet.Gupta1", "maintainer60"), ("Alexey.Brodkin", "maintainer61"),
    ("Jack Mitchell", "Developer Fifty-Seven"), ("Jack", "Developer Fifty-Seven"), ("Wen Gong", "Developer Fifty-Eight"), ("David", "Developer Fifty-One"),
    # phone numbers in forms the pattern does not know
    ("+34632232897", "(555) 010-0901"), ("+229 62619517", "(555) 010-0902"), ("63-815-6316562", "(555) 010-0903"), ("63-8013-802091", "(555) 010-0904"),
    ("+357 26 040001", "(555) 010-0905"), ("+31 970 050 34732", "(555) 010-0906"), ("+229-98119157", "(555) 010-0907"), ("+62-813 2063 8735", "(555) 010-0908"),
    ("+62-878 7830 1784", "(555) 010-0909"), ("+31 567 574 7653", "(555) 010-0910"), ("88936219952", "(555) 010-0911"), ("00225 6716 6756", "(555) 010-0912"),
]  # fmt: skip


def _spam(archive: str, commit: str, slug: str, note: str) -> Real:
    return Real(archive, commit, slug, "", "spam", note, batch=9)


def _other(archive: str, commit: str, slug: str, note: str) -> Real:
    return Real(archive, commit, slug, "", "other", note, batch=9)


def _newsletter(archive: str, commit: str, slug: str, note: str) -> Real:
    return Real(archive, commit, slug, "", "newsletter", note, batch=9)


MESSAGES: list[Real] = [
    # --- kexec: strangers' money, bait and pitches -------------------------------------------------
    _spam("kexec", "ab631c9", "funds_transferred_lawyer_cheque", "'Good News Dear Good Friend': funds transferred with a new partner, a cheque waits with my lawyer"),
    _spam("kexec", "1d1b592", "receipt_for_goods_stock_lure", "'Receipt For Goods Available': a buyer asks whether you still have stock (supplier lure)"),
    _spam("kexec", "3e36043", "inherited_fund_euros", "'Dear Good Friend': help me receive €2.5 million I inherited into your account"),
    _spam("kexec", "b9fa930", "bank_auditor_abandoned_fund", "a bank auditor in Burkina Faso found $10.5 million abandoned"),
    _spam("kexec", "2815438", "is_this_email_active_bait", "'Did you get my last email?': is this email still active, something important to discuss"),
    _spam("kexec", "6ecee91", "widow_coronavirus_chinese", "'PLEASE I NEED YOUR HELP.': a widow's inheritance letter in Chinese"),
    _spam("kexec", "d9b639c", "world_bank_atm_compensation_de", "'Spende': World Bank / IMF compensation of $900,000 on an ATM card, in German"),
    _spam("kexec", "c57b862", "partnership_transfer_13m", "'ok.Compliment': solicits partnership to transfer $13.5 million"),
    _spam("kexec", "29e8df8", "donated_2m_bilingual", "'(DONATION) $2 Million Has Been Donated', English and German"),
    _spam("kexec", "5694845", "family_inheritance_silence_bait", "'Why continued silence 2': did you receive my previous email regarding your family inheritance?"),
    _spam("kexec", "7f2110c", "ministry_contract_proposal", "'urgent and important': a ministry official's over-invoiced contract proposal"),
    _spam("kexec", "b54cd5c", "trading_company_inquiry_lure", "'INQUIRY': a trading company wants a new supplier, asks for product list and payment terms"),
    _spam("kexec", "999c953", "lucrative_transfer_18m", "'Hello': a lucrative business proposition involving transfer of $18.5 million"),
    _spam("kexec", "4063d0e", "bank_director_next_of_kin", "'whether this is your correct email address or not': a dead client's $26 million, next of kin"),
    _spam("kexec", "ad118a3", "donation_volunteer_projects", "'Reply For More Details.': a donation of $2.7M for volunteer projects, send your details"),
    _spam("kexec", "a3ea049", "bank_officer_transaction", "'THANK YOU': a bank's operating officer needs a foreigner for a transaction"),
    _spam("kexec", "2f0e094", "fbi_confiscated_fund_coronavirus", "'HAPPY SURVIVAL OF CORONAVIRUS': a confiscated $12.5 million fund"),
    _spam("kexec", "6d66149", "powerball_winner_donation_de", "(no subject) a Powerball winner's foundation donates to you, in German"),
    _spam("kexec", "db3f34e", "un_compensation_award", "'Hello Dear': claim your $600,000 UN compensation award"),
    _spam("kexec", "2258595", "investment_partnership_cn_subject", "'投资项目': investment partnership for low tax rates, English and Chinese"),
    _spam("kexec", "46ca842", "dying_widow_next_of_kin", "'Attention:Beneficiary': a dying widow's £15.5 million to charity through you"),
    _spam("kexec", "4b32da9", "donation_followup_de", "'19-02-2020': did you get our last mail about your d.o.n.a.t.i.o.n, in German"),
    _spam("kexec", "7ce221a", "bank_clerk_unclaimed_fund", "'LETTER OF INQUIRY': unclaimed money of a crash victim, 40% yours, send ID"),
    _spam("kexec", "0800a97", "diplomat_atm_card_fee", "a diplomatic agent with your $12.8M ATM card at an airport, pay the $25 delivery fee"),
    _spam("kexec", "ce160e9", "friendship_bait_togo", "'HELLO': I would like to know you more"),
    _spam("kexec", "4d63804", "investor_expansion_funding", "'Greetings': an investor wants to put $6.8 billion into companies needing expansion funds"),
    _spam("kexec", "17e94d3", "military_nurse_friend_bait", "(no subject) a military nurse saw your profile, can we be friends"),
    _spam("kexec", "f53bfc6", "donated_money_contact_couple", "'Congratulations': money was donated to you, contact the couple"),
    _spam("kexec", "5506053", "venture_capital_investor", "'Venture Capital & Private Investors': funding for any viable business, loans, bank guarantees"),
    _spam("kexec", "bb0e792", "money_transfer_daily_payment", "funds deposited with a money-transfer office, $5000 daily, pay the $90 fee"),
    _spam("kexec", "9b8d57c", "employee_benefit_cards_hu", "'Dolgozói juttatások': employee benefit cards, a Hungarian cold pitch"),
    _spam("kexec", "4be1f04", "offer_work_decent_salary", "'Offer': 'an offer to work within your region for a decent salary without affecting your present job' (a job lure: no role, no employer)"),
    _spam("kexec", "19da19f", "working_capital_financing_cz", "'Dodatečné zdroje': working-capital financing for tradesmen, a Czech cold pitch"),
    _spam("kexec", "35f4792", "dying_widow_es", "'Hola querido.': a dying widow's letter in Spanish"),
    _spam("kexec", "a01c594", "selected_private_donation", "'You have been selected to receive a private donation from us:' email back"),
    _spam("kexec", "28392e1", "business_consultant_partner", "'Kindly Respond': a business consultant's lucrative business from Uganda"),
    _spam("kexec", "1e26754", "loan_offer_one_line", "'Loan offer !!': do you need a loan? email us"),
    _spam("kexec", "883e0b5", "private_loan_lender", "(no subject) a private loan lender at 3%"),
    _spam("kexec", "933dcaf", "lottery_insider_sick_daughter", "'Thanks and I wait for your answer': a lottery insider playing on your name for his sick daughter"),
    _spam("kexec", "773f165", "un_liaison_compensation_re", "'Re': the UN and World Bank compensate you with $1.2M, send ID to the officer"),
    _spam("kexec", "2d7438b", "proposal_date_subject", "'5-10-19': I have a proposal to share, your experience will help in closing"),
    # --- ath10k, linux-rpi-kernel, b43-dev, libertas-dev, linux-rockchip ------------------------------
    _spam("ath10k", "0d7ca86", "spin_ball_draw_donation", "'Electronic Computer Spin Ball Draw': your e-mail selected for a GBP 1,560,000 donation"),
    _spam("ath10k", "49bb8e6", "uae_investment_soft_loan", "'Director Finance & Investment^': a UAE investment group's debt finance at 3%"),
    _spam("ath10k", "e290266", "podcast_topic_link_seeding", "'Podcast topic suggestion/tip': links to articles 'for discussion' (link seeding)"),
    _spam("ath10k", "f9512fa", "un_imf_payment_calendar_subject", "'Reminder - [Fri, May 22, 2020 at 10:00 AM]': the UN and IMF pay $500K to your bank account (a payment lure under a calendar-reminder subject)"),
    _spam("rpi", "477b35d", "vital_disclosure_bait", "'message from mrs selina': something very vital to disclose, write to my private email"),
    _spam("rpi", "6629304", "are_you_still_alive_inheritance", "'Are you still alive? Urgent reply is needed': men claim your inheritance at our bank"),
    _spam("rpi", "2c4ac54", "debt_collection_phishing_cz", "'Posledni exekucni vyzova …': a bailiff's last demand for 50,000 Kč, 'download the attachment' (Czech phishing)"),
    _spam("b43", "f7a2132", "hong_kong_banker_investment_de", "'Investitionsmöglichkeit': a Hong Kong banker offers 40% and quick loans, in German"),
    _spam("libertas", "b58fe99", "contact_form_paid_surveys", "a web contact form's copy carrying 'Paid Surveys: Make $9498 … each week' links"),
    _spam("rockchip", "d3b2774d", "oil_widow_inheritance", "'Hello': an oil contractor's widow's inheritance letter"),
    _spam("rockchip", "f36ac083", "purchase_order_catalogue_lure", "'Purchase Order 3345': see attached PO list, send your catalogue, quote delivery time and price"),
    # --- list traffic and announcements ------------------------------------------------------------
    _other("ath10k", "cce221d", "test_mail_please_ignore", "'test mail, please ignore': a developer's test through webmail"),
    _other("um", "d405fcb", "uml_on_5x_host_question", "a developer's question: anyone running UML on a 5.2 host? (error output)"),
    _other("afs", "e2c808a", "fedora_package_proposal", "a developer proposes an afs-filesystem package for Fedora (spec file inline)"),
    _other("rockchip", "977e77c8", "dmc_driver_question", "a developer asks whether anybody has the rk3399_dmc devfreq driver working"),
    _other("arc", "88124b5", "kisskb_build_ok_report", "'kisskb: OK linus/axs101_defconfig/arcompact': a CI build result"),
    _newsletter("afs", "58a19f5", "kafs_client_release", "'kafs-client-0.5 released': a release announcement with its changes"),
    _newsletter("afs", "7f975f0", "workshop_accepted_talks", "'Accepted Talks for 2020 AFS Technologies Workshop': an organiser's announcement"),
]  # fmt: skip
