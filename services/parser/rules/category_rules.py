"""The look-alike rules: weighted phrases per category, for the subject and for the body.

One rule a line: category, weight ("s": case-sensitive), pattern; an indented line continues
the pattern above. Each matching rule adds its weight to its category (classify.py sums them);
subject and body rules are scored separately.
"""

from __future__ import annotations

import re

from schemas.contracts.models import Category
from services.parser.rules.gate import GatedPattern

__all__ = ["BODY_RULES", "SUBJECT_RULES", "Rule"]

# Rules are gated (gate.py): a rule's regex runs only on texts holding a word it needs.
Rule = tuple[Category, GatedPattern, float]


def parse_rules(spec: str) -> list[Rule]:
    parsed: list[list[str]] = []
    for line in spec.strip("\n").split("\n"):
        if line.startswith("    "):
            parsed[-1][2] += line[4:]
        elif line.strip() and not line.startswith("#"):
            parsed.append(line.split(maxsplit=2))
    return [
        (
            Category(category),
            GatedPattern.of(
                re.compile(pattern, re.MULTILINE | (0 if weight.endswith("s") else re.IGNORECASE))
            ),
            float(weight.rstrip("s")),
        )
        for category, weight, pattern in parsed
    ]


SUBJECT_RULES = parse_rules(r"""
hotlist           6 \bhot\s?-?lists?\b
hotlist           4 \bbench\b
hotlist           5 ^\s*(?:(?:re|fwd?)\s*:\s*)*available\b|\bavailable\s+(?:consultants?
    |resources?|candidates?|profiles?|for\s+(?:your\s+|any\s+|new\s+)*(?:c2c\s+
    |w2\s+)?(?:projects?|roles?|positions?|c2c|contracts?|requirements?|reqs|opportunities))
    |\bconsultants?\s+(?:are\s+)?available\b|\bour\s+(?:\w+\s+){0,2}consultants?\b
    |\blooking\s+for\s+(?:new\s+|c2c\s+|w2\s+|contract\s+)*(?:opportunit|roles?\b|projects?\b)

submission        6 \bsubmi(?:ssion|tting|tted)\b|\b(?:profile|resume|cv)s?\s+(?:for|of)\b
    |\bcandidate\s+(?:for|profile)\b|\bRTR\b|right\s+to\s+represent

# a candidate mailing a CV: "CV Jane Doe", "RESUME", "Resume - John Smith" (a name, or nothing)
submission        5s ^\s*(?:\[[^\]\n]*\]\s*)?(?:(?:[Rr][Ee]|[Ff][Ww][Dd]?)\s*:\s*)*(?:CV|Cv|RESUME
    |Resume|Résumé|Curriculum\s+[Vv]itae)\s*[-:–]?\s*(?:[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){0,2})?\s*$

# "no interview" is what a job scam promises, not an interview mail
interview         5 (?<!\bno\s)\binterview

rate_confirmation 7 rate\s+confirm|confirm(?:ation)?\s+(?:of\s+)?(?:the\s+)?\w*\s*rate

# a job platform's recruiting pitch: "remote U.S. jobs waiting for engineers like you"
job_alert_digest  6 \bjobs?\s+(?:are\s+)?waiting\s+for\b|\b(?:engineers?|developers?|talent
    |professionals?)\s+like\s+you\b
job_alert_digest  6 job\s+alert|jobs?\s+(?:matching|for\s+you|you\s+may|recommended|digest)
    |\bnew\s+jobs?\b|\b\d+\s+(?:new\s+)?(?:[\w.#+-]+\s+){0,3}jobs\b|job\s+recommendations?

newsletter        4 newsletter|\bweekly\b|\bmonthly\b|\bdigest\b|\bedition\b|issue\s*#?\s*\d+
    |\binsights\b|round-?up|\breport\b|\btrends\b|webinar|this\s+week\s+in
# a product or service update mailing: "Update | Starlink Beta", "Product news: …"
newsletter        4 ^\s*(?:\[[^\]\n]*\]\s*)?(?:(?:re|fwd?)\s*:\s*)*(?:(?:product|beta|service)\s+)?
    (?:update|news)\s*\|
newsletter        2 \b(?:monthly|quarterly|weekly|november|december|year-end)\s+update\b
# conference and event mailings: "Call for Papers" outweighs the submission word in it
newsletter        7 \bcall\s+for\s+(?:papers|speakers|proposals|abstracts|submissions|participation
    |presentations|talks)|\bearly[\s-]?bird\b
newsletter        4 \b(?:cfp|expo|summit|conference|congress|congreso|symposium|convention|meetup)\b
newsletter        4 \b(?:hackfest|hackathon|workshops?)\b|\bannounc(?:ing|ement)\b
    |\brelease\s+candidate\b|\bpublish\s+with\s+us\b

spam              4 \bfree\s+download\b|\bpdf\s+download\b|\bdownload\s+(?:free|now|pdf)\b
    |\bkeygen\b|\btorrent\b

spam              2 !!!|\$\$\$
spam              5 \bearn\s+(?:up\s+to\s+)?\$?[\d,]+\s*k?\s*(?:monthly|weekly|daily
    |per\s+(?:week|day|month))
spam              4 \b(?:business|investment)\s+(?:business\s+)?(?:proposal|opportunity)\b
# phishing, loans, investment and work-from-home bait, SEO and web-design sellers, advance fees
spam              5 \bverify\s+your\s+(?:e-?mail\s+|web\s*mail\s+)?(?:account|identity|mailbox)
    |\b(?:account|mailbox|password)\s+(?:suspen|deactivat|expir|locked)|\bmailbox\s+(?:is\s+)?full
    |\bpre-?approved\b|\bloan\s+(?:offer|approv)|\bbusiness\s+proposal\b|\bdear\s+(?:friend
    |beneficiary)\b|\b(?:won|winner|winning)\b.{0,40}\b(?:prize|lottery|award|draw)\b
    |\bwork(?:ing)?\s+from\s+home\s+(?:and\s+)?(?:earn|make)\b|\b(?:make|earn)\s+money\b
spam              4 \b(?:seo|link\s+building|web\s*site\s+(?:design|redesign))\s+(?:services?
    |packages?|proposal|offer|quote)\b|\b(?:invest(?:ment)?|crypto|trading|forex)\s+(?:opportunit
    |offer
    |program|plan)|\b(?:personal|business|instant|quick|easy)\s+loans?\b(?!\s+(?:products?
    |origination|servicing|systems?|platforms?|processing|applications?|data))
spam              4 \b\d{1,2}\s*%\s+off\b|\bbuy\s+now\b|\bfree\s+trial\b
spam              4 \bfunding\s+(?:is\s+)?(?:approved|available|offer)\b|\bworking\s+capital\b
spam              4 \bno\s+interview\b
# a US staffing inbox gets Japanese and Chinese mail as phishing and invoice spam
spam              4 [\u3040-\u30ff\u4e00-\u9fff]{6}
# an issue tracker's or code review's notification: "… (Issue #482)", "(PR #12)"
other             5 \((?:issue|pull\s+request|pr|mr|merge\s+request)\s+#\d+\)\s*$
personal          3 \b(?:lunch|dinner|brunch|coffee|drinks|birthday|bbq|potluck)\b
# a product or service for sale, not a role: "Cosmetics raw materials", "Hackers for Hire"
spam              4 \braw\s+materials?\b|\bstock\s+list\b|\bready\s+to\s+ship\b
    |\bhackers?\s+for\s+hire\b|\bgps\s+track

other             8 ^\s*(?:automatic\s+reply|auto(?:matic)?[\s-]?reply|autoreply
    |out\s+of\s+(?:the\s+)?office)\s*:
other             5 \b(?:closed|on\s+hold|filled|cancell?ed)\s*[:-]|\b(?:position|req
    |role)\s+closed\b|[-|:]\s*(?:closed|on\s+hold|filled|cancell?ed)\s*$

personal          3 \bcongrat(?:s|ulations)\b.{0,30}\b(?:new|your)\b|\bphotos?\b
# congratulating someone by name ("Congrats, Nathan!", and the replies), not a prize notice
# ("Congratulations")
personal          4s ^\s*(?:(?:[Rr][Ee]|A[Ww])\s*:\s*)*(?:[Cc]ongrat(?:s|ulations)
    |CONGRAT(?:S|ULATIONS))\s*,?\s+[A-Z][a-z]+
    (?:\s+[A-Z][a-z]+)?\s*[!.]*\s*$

# --- general shapes of unsolicited mail (look4) ---
# a subject naming the recipient's address is a harvested-address mailing ("Sign In Alert For
# x@y.org", "x@y.org has undelivered mails", "custom bags with your logo x@y.org")
# (the look-behind starts a match only where a run of address characters starts: linear)
spam              3 (?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}
# fake mail-server notices and account alerts (a real bounce is caught before the rules)
spam              4 \bundelivered\s+(?:e-?)?mails\b|\b(?:delayed|pending|held)\s+(?:e-?)?(?:mails
    |messages)\b
    |\bsign[\s-]?in\s+alert\b|\blogin\s+notification\b|\bemail\s+disconnected\b
    |\bre-?confirm\b|\bverify\s+your\b
# money, prizes and partners from strangers
spam              4 \bfunds?\b\s*(?:!|\(ref)|\bloans?\s+(?:offer|program|&\s+investment)
    |\bdonation\b
    |\bmega\s+millions\b|\bjackpot\b|\bbeneficiary\b|\brelief\s+fund\b|\bbitcoin\s+investment\b
    |\bproject\s+financing\b|\b(?:corporate|personal)\s+(?:and\s+personal\s+)?loans?\b
# product and marketing pitches: "% off", "for sale", "web design", "SEO … offers", dating
spam              4 \b\d{1,2}\s*%\s+off\b|\bis\s+for\s+sale\b|\bfor\s+sale\s*!?\s*$
    |\bweb\s*(?:site\s+)?design
    |\bweb\s+(?:and\s+app\s+)?development\b|\bseo\b|\bsingle\s+(?:girls|women|ladies)\b
    |\bsecret\s+meetings?\b|\bmarketing\s+(?:team|partnership)\b|\bquotation\b
    |\battendees?\s+leads\b|\bdigital\s+marketing\b
# loans and funding on offer, a stranger's "transaction", pirated downloads
spam              4 \bdirect\s+lender\b|\bfunding\b|\bfinancial\s+loans?\b|\bline\s+of\s+credit\b
    |\bfinanc(?:e|ing)\s+(?:any|your)\b|\b(?:this|fund)\s+transaction\b
spam              4 \bdownload\b|\bserial\s+key\b|\bkeygen|\bcrack(?:ed)?\b|\bfull\s+version\b
    |\b(?:720|1080)p\b|\bdvdrip\b|\bblu-?ray\b
# a release announcement: "Release 2.1.8 available", "foo 1.4 released"
newsletter        4 \brelease\s+v?\d+(?:\.\d+)+|\bv?\d+\.\d+(?:\.\d+)*\s+(?:is\s+)?(?:released
    |available
    |is\s+out)\b

# --- general shapes of unsolicited mail (spam5) ---
# parcel and order lures, crypto giveaways, exam dumps, adult links
spam              4 \b(?:parcel|package|shipment)\s+(?:could\s+not|couldn't|cannot|can't)\s+be
    \s+delivered\b|\bfailed\s+delivery\s+attempt\b
    |\b(?:order|purchase|subscription)\s+(?:confirmed|confirmation|update)\b
spam              5 \bairdrop\b|\bgas\s+(?:fees?\s+back|refund)\b
    |\bclaim\s+your\s+(?:free\s+)?(?:tokens?
    |refund|airdrop|reward|rewards|eth|btc)\b|\bexam\s+dumps?\b|\bdumps\s+to\s+(?:clear|pass)\b
    |\b(?:beautiful|hot|sexy|lonely)\s+(?:women|girls|ladies|singles)\b|\bfor\s+sex\b|\bescorts?\b
# a list's moderator or owner about its own queue: housekeeping, not a fake mail-server notice
other             5 \bmoderation\s+queue\b|\bmoderator\b

# --- general shapes (real6) ---
# a user's report of a defect ("Bug report: …", "crash report x1", "tool reports incorrect
# data"): a report of one failure, not a market or staffing report
other             6 \b(?:bug|error|crash|failure|regression)\s+report\b
    |\breports?\s+(?:an?\s+|the\s+)?(?:incorrect|wrong|invalid|bogus|false|bad)\b
# a tagged announcement or a beta release: "[ANNOUNCE] tools 0.4", "[ANN]", "Beta 2.2.0 online"
newsletter        6 \[ANN(?:OUNCE(?:MENT)?)?\]|\bbeta\s+v?\d+(?:\.\d+)+\b
# document, signature and payment lures: "Document pending review", "Sign and Return",
# "Approval Required for your PO", "Payment Advice", "Remittance Advice"
spam              4 \bdocuments?\s+(?:is\s+|are\s+)?(?:pending|awaiting)\b
    |\bsign\s*(?:&|and)\s*return\b|\bapproval\s+required\s+for\s+your\b|\b(?:payment|remittance)\s+advice\b|\be-?signature\b
# account and payroll lures: withheld messages, a security alert, an expired subscription,
# "Salary Upgrade for … Staff", a staff leave report
spam              4 \bmessages\s+(?:have\s+been\s+|were\s+)?withheld\b|\bsecurity\s+alert\b
    |\bsub\w*ription\s+(?:has\s+)?expired\b|\bconfirm\s+your\s+contact\s+details\b
    |\bsalary\s+(?:upgrade|increase|adjustment)\s+for\b|\bstaff\s+(?:leave\s+)?report\b
# a recruitment firm selling its service to a company is a pitch, not a job
spam              4 \b(?:recruitment|recruiting|staffing)\s+services\b|\brekrutacj\w*
# --- general shapes (real7): notes between list members; a reply is a conversation ---
# a reply is not a mailing: "Re: OpenIPMI 2.0.31 released" discusses the release
newsletter       -5 ^\s*(?:\[[^\]\n]*\]\s*)?(?:re|aw)\s*:
# a farewell, or thanks addressed to people: "Farewell & Best Wishes", "Thank you to the 2020
# Planning Committee", "Thank you LLVM MC speakers", "Thanks for attending … meetup!"
personal          4 \bfarewell\b|\bbest\s+wishes\b|\b(?:thank\s+you|thanks)\s+(?:all\b|everyone\b
    |to\s+(?:the|all|our|everyone)\b|for\s+(?:attending|coming|joining)\b
    |(?:[\w-]+\s+){1,6}(?:speakers|attendees|organi[sz]ers|volunteers|reviewers|contributors
    |committee|team)\b)
# --- general shapes (real8): strangers' proposals, prizes and account notices ---
# "Lucrative Proposal", "Workable Proposal", "You're a winner!", "We noticed unusual access to
# your account", "You Received a New Document", "New Refund: 725,95 AUD"
spam              4 ^\s*(?:lucrative|profitable|workable|business|investment|funding)\s+(?:proposal
    |offer)\b|\byou(?:'re|\s+are)\s+(?:a|the)\s+(?:lucky\s+)?winner\b|\bunusual\s+(?:access|sign-?in
    |log-?in|activity)\b|\byou(?:'ve|\s+have)?\s+received\s+a\s+(?:new\s+)?(?:document|file|fax)\b
    |\bnew\s+refund\b
# --- general shapes (rules 1.18.0), subjects: modern spam of two public spam inboxes ---
# text disguised to pass a filter: mathematical letters ("𝗟Ä𝗡𝗚𝗘𝗥𝗘"), small capitals
# ("ᴅʜʟ ᴇxᴘʀᴇs"), letters struck through with combining marks ("p̾a̾k̾k̾e̾"), Greek or Cyrillic
# look-alikes inside a Latin word ("pαkke", "Yοur οrder has shіpped")
spam              5 [\U0001D400-\U0001D7FF]{2}|[\u1d00-\u1d2b\u0280-\u02af]{2}
    |[\u0300-\u036f](?:[^\W\d_][\u0300-\u036f]){2}
    |[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]|[a-z][αοιερκνυτ]|[αοιερκνυτ][a-z]
# money per day for nothing, any currency: "earn from 600 euros every day", "make 800 USD each day"
spam              5 \b(?:earn|make|making|earning)\s+(?:from\s+|up\s+to\s+|over\s+
    |at\s+least\s+)?(?:[$€£]\s?)?
    [\d.,]+\s*k?\s*(?:\$+|€|£|usd\b|eur(?:os?)?\b|dollars?\b|pounds?\b)?\s*(?:a|per|each|every|/)\s*
    (?:day|week|month)\b
# crypto bots and wallets, prizes, pills, dating and spells
spam              4 \b(?:crypto|auto|trading)\s*-?bot\b|\b(?:ethereum|binance|metamask|dogecoin
    |usdt)\b
    |\blucky\s+(?:online\s+)?winner\b|\bwinner\s+of\b|\bclaim\s+(?:the|your|my)\s+funds?\b
    |\berectile\b|\bfat\s+burn|\bweight\s+loss\b|f[\W_]?ck[\s_-]*buddy|\bsex\s*(?:dating
    |partner|contacts?)\b|\bspells\b|\bantivirus\b|\bmcafee\b|\bbladder\b
# an account, ID or card locked, a shipment pending, "did you receive your package?"
spam              4 \b(?:id|account|card|wallet)\s+(?:has\s+been\s+|is\s+
    |was\s+)?(?:temporarily\s+)?(?:locked
    |suspended|disabled|blocked|restricted|limited)\b|\bshipment\s+pending\b|\bpending\s+(?:shipment
    |delivery|package|parcel)\b|\bdid\s+you\s+receive\s+(?:your|my|the)\s+(?:package|parcel|payment
    |message|e-?mail)\b
# the same in Danish and German (prize, parcel awaiting delivery, account suspended, potency)
spam              4 \b(?:tillykke|vinder|gevinst|pakkelevering\w*|pakkemeddelelse\w*|afventende
    |forsendelse\w*
    |suspenderet|ubeskyttet|erhvervslån|debiteret|bekræftelse|haster|potenz|abnehmen|gewinnspiel)\b
# an open-source community's own words in Chinese (open source, community, kernel, file system,
# patch, source code, porting, mount): a developer's mail, not the Chinese spam above
spam             -4 开源|社区|内核|文件系统|补丁|源码|移植|挂载
""")
BODY_RULES = parse_rules(r"""
hotlist           4 \bhot\s?-?lists?\b
hotlist           3 \bbench\b
hotlist           3 (?:consultants?|candidates?|resources?)\s+(?:(?:is|are)\s+)?available\b
hotlist           3 ^\s*(?:s\.?\s*no\.?\s+)?(?:consultant\s+)?name\s{2,}\S|\
    |\s*(?:consultant\s+)?name\s*\|
hotlist           2 available\s+(?:immediately|now|for\s+(?:new\s+)?(?:projects?|positions?|roles?
    |assignments?|c2c|contracts?|interviews?))
hotlist           2 (?:open|willing)\s+to\s+relocat|relocation\s*[:|-]?\s*(?:yes|open|anywhere)
# asking for requirements is what a hotlist does
hotlist           4 (?:share|send|forward|let\s+me\s+know|email|reach\s+out\s+with
    |revert\s+with)\s+(?:me\s+|us\s+)?(?:your\s+|any\s+|the\s+)?(?:(?:current|open|suitable
    |matching|relevant|c2c|w2|latest|hot)\s+)*(?:requirements?|reqs|positions|openings
    |job\s+openings|roles)\b
hotlist           4 if\s+you\s+have\s+(?:any\s+)?(?:(?:suitable|matching|relevant|open|c2c|w2
    |current)\s+)*(?:requirements?|positions?|openings?|roles?|projects?)\b
hotlist           4 (?:for|to)\s+(?:our|my)\s+(?:available\s+)?(?:consultants?|candidates?
    |resources?|bench)\b
# "I am a Java developer … looking for C2C opportunities": a consultant, not a job
hotlist           6 \bi\s+am\s+(?:an?\s+)?(?:[\w.#+/-]+\s+){0,3}(?:developer|engineer|analyst
    |consultant|architect|administrator|tester|professional)\b.{0,120}\blooking\s+for\b
# bench sales: someone markets their consultant ("I am marketing", "his resume")
hotlist           4 \b(?:i\s+am|i'm|we\s+are|we're)\s+marketing\b
    |\bmarketing\s+(?:one\s+of\s+)?our\b
hotlist           4 if\s+you\s+have\s+(?:any\s+|a\s+)?(?:[\w/+#.-]+\s+){0,3}?(?:requirements?|reqs
    |openings?|positions?)\b
hotlist           2 \b(?:his|her)\s+(?:resume|profile|cv|rate|visa)\b|\b(?:he|she)\s+(?:is
    |has)\s+(?:on|an?|currently|been|\d)

submission        5 \b(?:i|we)\b.{0,80}\b(?:authori[sz]e|give
    |grant)\b.{0,80}\bto\s+represent\s+me\b
submission        5 please\s+find\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+)?(?:attached\s+
    |enclosed\s+|below\s+)?(?:the\s+)?(?:updated\s+|latest\s+|revised\s+)?(?:resume|profile
    |candidate|cv)s?\b(?!\s+(?:for|of)\s+(?:the\s+)?(?:below|following))
submission        5 \b(?:resume|cv)\s+(?:is\s+)?attached\b
    |\battached\s+(?:is|are)\s+(?:the\s+|my\s+|his\s+|her\s+)?(?:updated\s+)?(?:resume|profile
    |cv)s?\b
submission        2 \bcandidate\s+(?:is|has)\s+(?:a\s+)?(?:gc|h1b|usc|green|available|on\b|\d)
submission        5 \b(?:i\s+am|we\s+are|am)?\s*submitting\s+(?:the\s+|my\s+|our\s+)?(?:profile
    |resume|candidate|consultant)
submission        2 candidate\s+(?:details|summary|name)
submission        2 right\s+to\s+represent
submission        4 \b(?:i|we)\s+have\s+(?:a|an|one|two)?\s*(?:(?:very|strong|good|great|excellent
    |perfect|suitable|matching|qualified)\s+)*(?:candidate|consultant|profile
    |resource)s?\b(?!\s+available)
# "the resume of Anil Reddy", "submitting Karthik S for the role": a person, not a job
submission        3s \b(?:[Rr]esume|[Pp]rofile|CV)\s+of\s+(?:[A-Z][\w.]*\s*){2,3}
submission        5s \b(?:[Ss]ubmitting|[Ss]ubmitted|[Pp]resenting)\s+(?:[A-Z][\w.]*\s+){1,3}(?:for
    |to)\s+(?:the|your|this)\b
submission        5 ^\s*submitted\s*[:-]|\bauthori[sz]e\b.{0,80}\bto\s+(?:\w+\s+)?represent\b
submission        3 \b(?:submitted|submitting)\b.{0,60}\bfor\b

interview         4 interview\s+(?:is\s+|has\s+been\s+)?(?:scheduled|confirmed|rescheduled|invite
    |invitation|slot|request)
interview         4 (?:schedule|set\s+up|arrange|book)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?interview
interview         3 availability\s+for\s+(?:an?\s+|the\s+)?(?:\S+\s+){0,4}interview
    |interview\s+availability
interview         3 interview\s+feedback|\b(?:1st|2nd|3rd|first|second|third|final|next)\s+round\b
interview         3 \binterviewer
interview         1 (?:zoom|teams|webex|google\s+meet)\s+(?:link|meeting|id)

rate_confirmation 4 confirm\s+(?:the\s+|your\s+|this\s+|our\s+)?(?:bill\s+|pay\s+
    |hourly\s+)?rate\b|rate\s+(?:is\s+)?confirmed|agreed\s+(?:bill\s+|pay\s+)?rate
    |rate\s+confirmation
rate_confirmation 4 \bconfirm\s+(?:the\s+)?(?:below|above|following)\b
    |\breply(?:ing)?\s+(?:with\s+)?[\"“']?i\s+confirm

# a job platform's pitch: sign up, pass its tests, and it finds you jobs
job_alert_digest  3 \b(?:start|complete|finish)\s+your\s+application\b|\bfind\s+jobs\s+(?:across
    |in|for|with)\b|\bget\s+hired\s+(?:for|by|at)\b|\bmatching\s+you\s+with\b
job_alert_digest  3 job\s+alert
job_alert_digest  3 jobs?\s+matching|recommended\s+jobs?|new\s+jobs?\s+(?:for\s+you|matching
    |posted)
job_alert_digest  3 based\s+on\s+your\s+(?:search|profile|preferences|saved)
    |manage\s+(?:your\s+)?(?:job\s+)?alerts?|saved\s+search

newsletter        3 newsletter
newsletter        3 this\s+(?:week|month)'?s?\s+(?:issue|edition)|in\s+this\s+issue
newsletter        3 you\s+(?:are\s+)?receiv(?:ing|ed)\s+this\s+(?:email\s+)?because\s+you\s+(?:subs
    cribed|signed\s+up|opted)
newsletter        3 market\s+(?:update|report|trends|insights)|salary\s+survey|rate\s+trends?
newsletter        2 read\s+(?:more|the\s+full)
newsletter        2 view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser
newsletter        2 webinar|register\s+now
newsletter        3 call\s+for\s+(?:papers|speakers|proposals|abstracts|submissions|participation
    |presentations|talks)|submission\s+deadline|\bkeynote|\bearly[\s-]?bird\b|\bproceedings\b
    |\b(?:join|meet|see)\s+us\s+at\b
# event, release and journal mailings: registration, talks, changelogs, manuscripts
newsletter        3 \bregistration\s+(?:is\s+)?(?:now\s+)?open\b|\brelease\s+candidate\b
    |\bchangelog\b|\bsubmit\s+your\s+(?:article|paper|manuscript|talk)|\bpeer[\s-]reviewed\b
    |\blightning\s+talks?\b|\bhackfest\b|\bworkshops?\s+will\s+(?:run|be\s+held)\b

spam              5 earn\s+(?:up\s+to\s+)?\$?[\d,]+\s*k?\s*(?:per|a|/|every)\s*(?:week|day|month)
spam              5 you(?:'ve|\s+have)\s+(?:won|been\s+selected)|claim\s+(?:your\s+)?(?:prize
    |reward|gift|bonus)
spam              4 no\s+experience\s+(?:needed|required|necessary)
# whole words: kernel mail names "libcrypto" and crypto/ paths, a researcher may be "Strforexc"
spam              4 \b(?:lottery|jackpot|casino|viagra|bitcoin|crypto-?currenc(?:y|ies)|forex)\b
    |\bcrypto\s+(?:investment|trading|wallets?|recovery|assets?|profits?|scams?|coins?
    |currenc(?:y|ies))\b
# phishing: "verify your account", "your mailbox is full", "your password expires today"
spam              6 \bverify\s+your\s+(?:e-?mail\s+|web\s*mail\s+|email\s+)?(?:account
    |identity|mailbox|password|credentials)\b|\b(?:account|mailbox|password)\s+(?:will\s+be\s+
    |has\s+been\s+|is\s+
    |are\s+)?(?:suspended|deactivated|disabled|locked|closed|terminated)\b
    |\bmailbox\s+(?:storage\s+)?
    (?:is\s+)?(?:almost\s+|nearly\s+)?full\b|\bpassword\s+(?:expires|will\s+expire|has\s+expired)
    |\bkeep\s+(?:your\s+)?(?:current|same)\s+password\b|\bunusual\s+(?:sign[\s-]?in\s+
    |login\s+)?activity
    |\bconfirm\s+your\s+(?:password|login|credentials)\b
# loans and investment bait
spam              5 \bpre-?approved\b|\bno\s+credit\s+check\b|\bloan\s+(?:offer|approved|lender)
    |\bguaranteed\s+(?:returns?|profits?|roi)\b|\bdouble\s+your\s+(?:money|investment|income)
    |\b(?:investment|partnership|business)\s+proposal\b|\bdebt\s+(?:relief|consolidation)\b
    |\b(?:us\s*\$|usd)\s?[\d.,]+\s*million\b|\bmillion\s+(?:united\s+states\s+|us\s+)?dollars
    |\b(?:dear|hello|attention)\s+(?:friend|beneficiary)\b|\b(?:atm\s+card|consignment\s+box
    |barrister|compensation\s+fund|unclaimed\s+(?:fund|sum))\b
# loans on offer, parcel phishing, sextortion, romance and supplier catalogues
spam              5 \bneed\s+(?:an?\s+)?(?:urgent\s+)?loan\b
    |\bloans?\s+at\s+(?:an?\s+)?(?:low\s+)?\d+(?:\.\d+)?\s*%
    |\b(?:parcel|package|shipment)\s+(?:could\s+not|couldn't|cannot|can't)\s+be\s+delivered
    |\bhacked\s+your\s+(?:device|computer|account|e-?mail)|\b(?:donat(?:e|ion)|grant)\s+(?:of\s+)?
    (?:us\s*\$|usd|\$|€|£)\s?[\d,.]+|\bwidow\b|\bdating\s+(?:site|app)\b
spam              4 \bwe\s+are\s+(?:an?\s+)?(?:professional\s+|leading\s+)?(?:manufacturer
    |supplier|factory|exporter)s?\s+of\b|\bfactory\s+(?:direct\s+)?prices?\b|\bwholesale\s+prices?\b
# product pitches ("our latest stock list … brand new sealed, ready to ship", "We offer cameras
# and GPS trackers"), hacking for hire, and "confirm you got my business collaboration" bait
spam              5 \bstock\s+list\b|\bbrand\s+new\s+(?:and\s+)?(?:sealed|original)\b
    |\bready\s+to\s+ship\b
    |\bhackers?\s+for\s+hire\b|\bhire\s+(?:an?\s+)?(?:professional\s+)?hackers?\b
    |\bwithout\s+being\s+detected\b|\bbusiness\s+collaboration\b|\bkindly\s+confirm\s+if\s+you
    \s+(?:got|received)\s+my\b
spam              4 \bwe\s+(?:offer|sell|supply)\s+(?:[\w-]+\s+){0,4}?(?:cameras?|trackers?
    |equipment|devices|machines|materials|gadgets|products)\b|\b(?:great|best|competitive|good
    |lowest)\s+prices?\b
# work-from-home and data-entry bait: money per day for no stated skill
spam              5 \b(?:earn|make)\s+(?:up\s+to\s+|over\s+|an?\s+extra\s+)?\$[\d,]+\s*k?\+?\s*
    (?:daily|weekly|monthly|a\s+day|per\s+day|every\s+day)|\b(?:make|earn)\s+(?:extra\s+)?(?:money
    |cash
    |income)\s+(?:online|from\s+home|fast|easily)|\bpaid\s+\$[\d,]+\s*(?:daily|weekly|per\s+(?:day
    |week))|\bdata\s+entry\s+(?:job|work)s?\b.{0,120}\b(?:daily|per\s+day|a\s+day|whatsapp)
    |\bwork\s+(?:only\s+)?\d\s*(?:-\s*\d\s*)?hours?\s+(?:a|per)\s+day\b
# SEO, web design and marketing sellers writing to a site owner
spam              5 \b(?:checked|checking|visited|reviewed|came\s+across|looked\s+at)\s+your
    \s+(?:web\s*)?site
    |\b(?:rank|ranking|rankings)\s+(?:on|in)\s+(?:the\s+)?(?:first|1st|top)\s+page\b|\bfirst\s+page
    \s+of\s+google\b|\bseo\s+(?:services?|packages?|audit|experts?\s+team)\b|\bfree\s+(?:seo\s+
    |website\s+)?(?:audit|quote|analysis\s+report)\b|\b(?:website|web|app)\s+(?:design
    |development)\s+
    (?:services?\s+)?at\s+(?:a\s+)?(?:low|affordable|reasonable|cheap)\b|\bappointment\s+setting\b
    |\b(?:new|professional)\s+(?:website|web\s*site)\s+or\s+(?:a\s+)?(?:mobile\s+)?app\b
    |\bat\s+(?:a\s+|very\s+)?(?:low|affordable|cheap)\s+(?:cost|price)\b
spam              4 click\s+(?:here|below)\s+(?:now|to\s+(?:claim|start|earn|get))
spam              4 wire\s+transfer|inheritance|western\s+union
spam              3 gift\s*card
spam              3 limited\s+time\s+offer|act\s+now|100%\s+(?:free|guaranteed)|risk[\s-]free
    |guaranteed\s+income
spam              2 congratulations
# advance-fee fraud, payment-agent "jobs", contact-list sellers, piracy, overseas CV harvesting
# (a Gulf employer's CV call is no US requirement, whatever it asks for)
# job scams: a guaranteed salary for "several open positions" anyone of age can fill
spam              5 \bguaranteed\s+(?:base\s+)?(?:pay|salary|income|earnings)\b
spam              3 \bmust\s+be\s+(?:at\s+least\s+)?(?:18|21)\s*\+?\s*(?:years?\s+(?:old|of\s+age)
    |or\s+older)|\bunlimited\s+(?:growth|earning|income)\b|\bweekly\s+pay\b
# shipping-document phishing: a "waybill" or "consignment" to sign and send back
spam              4 \bwaybill\b|\bbill\s+of\s+lading\b|\byour\s+consignment\b
    |\bshipping\s+documents?\b
spam              3 \bsign\s+and\s+stamp\b|\bkindly\s+acknowledge\b
spam              5 next\s+of\s+kin|deceased\s+client|\bbeneficiary\b.{0,80}\b(?:sum|fund|money)\b
    |\b(?:private|mystery|secret)\s+shoppers?\b|\b(?:abu\s+dhabi|dubai|united\s+arab\s+emirates
    |qatar|kuwait|saudi\s+arabia|bahrain)\b
spam              4 (?:receiv\w*|process\w*)\s+payments?\s+(?:from|on\s+behalf)
    |\bget\s+paid\s+(?:weekly|daily)\b|\bpart[\s-]time\s+job\b|\bbookkeeper\b
    |\b(?:acquir|purchas|buy)\w*\s+(?:an?\s+|our\s+)?(?:[\w-]+\s+){0,4}?(?:email|e-mail
    |contact|mailing)\s+(?:lists?|database|data)\b
# advance-fee money, loans, "investment partners", grants and prizes
spam              5 \b(?:sum|amount)\s+of\s+(?:us\s*)?[$€£]?\s*[\d,.]+\s*(?:million|m)\b
    |\bmillion\s+(?:us\s+|united\s+states\s+)?(?:dollars|euros?|usd)\b
    |\batm\s+(?:visa\s*/?\s*)?(?:master\s*)?card\b|\bmoney\s*gram\b
    |\bcompensation\s+(?:payment|fund|offer)\b|\bbusiness\s+proposal\b|\bmutual\s+benefit\b
    |\bfunds?\s+(?:will\s+be\s+)?(?:released?|transferr?ed)\s+to\s+you\b
spam              4 \bloans?\s+(?:offer|to\s+(?:companies|individuals)|at\s+(?:a\s+)?\d+\s*%)
    |\b(?:personal|business|soft)\s+loans?\b|\binterest\s+rate\s+of\s+\d|\b\d+\s*%\s+interest
    |\bmoratorium\b|\binvest(?:ment)?\s+(?:opportunit|partner)|\bfund\s+manager\b
    |\b(?:equity|loan)\s+financing\b|\bsweepstakes?\b|\baward\s+notification\b
    |\b(?:selected|chosen)\s+(?:for|to\s+receive)\s+(?:a\s+)?(?:grant|donation|award|prize)
# product and service pitches: wholesale, catalogues, purchase orders, marketing services
spam              4 \bwholesalers?\b|\bminimum\s+order\s+quantity\b|\bpurchase\s+order\b
    |\b(?:send|share)\s+(?:us\s+)?(?:your\s+)?(?:latest\s+)?(?:product\s+list|catalog(?:ue)?
    |price\s+list)|\bstock\s+list\b|\bbrand\s+new\s+(?:&\s+|and\s+)?sealed\b
    |\baffiliate\s+(?:marketing|networks?|programs?)\b|\bsoftware\s+house\b
# "jobs" that are payment forwarding or paid clicks
spam              5 \bact\s+as\s+(?:an?\s+)?(?:intermediar|representative|agent)
    |\breceiving\s+cash\b|\brepresentatives?\s+who\s+can\b|\bdaily\s+(?:salary|payout)\b
spam              3 \bsend\s+us\s+(?:the\s+)?screenshots?\b|\bloter[ií]a\b|\blotterie\b
    |\btirage\s+au\s+sort\b
spam              3 \btarget\s+audience\b|\b(?:run|send)\s+counts\b|\blead\s+generation\b
    |\bcontact\s+accuracy\b|\bverified\s+contacts\b|\bfree\s+download\b|\bpdf\s+download\b
    |\bdownload\s+(?:free|now|pdf)\b
spam              4 \blimited\s+offer\b|\binstant\s+download\b|\b\d{1,2}\s*%\s+off\b|\bbuy\s+now\b
    |\(was\s+\$\d

# advance-fee letters: who the stranger is, the "lucrative" deal, the blessing
spam              4 \bmy\s+name\s+is\b[^\n]{0,60}\b(?:barrister|lawyer|attorney|banker
    |bank\s+manager|sergeant|captain|widow|army\s+general|auditor)\b|\b(?:lucrative
    |mutually\s+beneficial)\s+
    (?:business|deal|transaction|proposal|partnership)\b|\bawaiting\s+your\s+(?:urgent\s+)?
    (?:reply|response)\b|\b(?:remain|stay)\s+blessed\b|\bgod\s+bless\s+you\b
    |\bdear\s+(?:sir\s*/\s*madam|sir\s+or\s+madam|beloved)\b
# job scams: no interview, apply by text or WhatsApp, equipment bought with a mailed check
spam              4 \bno\s+interview\b|\btext\s+your\s+(?:full\s+)?name\b|\bon\s+whatsapp\b
    |\bcheck\s+we\s+(?:will\s+)?(?:mail|send)\s+you\b|\bmail\s+you\s+a\s+check\b
spam              4 [\u3040-\u30ff\u4e00-\u9fff]{12}
# an issue tracker's or code host's notification, not a mailing: "view it on GitHub"
other             6 \bview\s+it\s+on\s+(?:github|gitlab)\b|\breply\s+to\s+this\s+email\s+directly\b
    |\byou\s+are\s+receiving\s+this\s+because\s+you\s+(?:are\s+subscribed\s+to\s+this\s+thread
    |were\s+mentioned|authored\s+the\s+thread|were\s+assigned)
# business funding offers: "working capital up to $500,000, no collateral, approval in 24 hours"
spam              5 \bworking\s+capital\b|\bno\s+collateral\b|\bmerchant\s+cash\s+advance\b
    |\bapproval\s+in\s+\d+\s*(?:hours|hrs|minutes)\b|\bto\s+stop\s+receiving\s+these\s+offers\b
# credential and payroll phishing: "sign in with your email password", "confirm your direct
# deposit details"
spam              5 \b(?:sign|log)\s*(?:in|on)\s+with\s+your\s+(?:e-?mail\s+)?(?:password
    |credentials)\b
    |\b(?:confirm|update|verify)\s+your\s+(?:direct\s+deposit|payroll|bank(?:ing)?|salary)
    \s+(?:details|information|info|account)\b
# B2B pitches to the firm itself: outsourced recruiting help, "can I send you a quick proposal?"
spam              4 \b(?:offshore|outsourced)\s+(?:recruit\w*|sourcing|staffing|bench\s+sales)
    \s+(?:support|team|services?|desk)\b
spam              3 \bsend\s+you\s+(?:a\s+)?(?:quick\s+|short\s+|brief\s+)?(?:proposal|deck)\b
    |\breply\s+\W?(?:not\s+interested|remove|unsubscribe)\W?\s+to\s+opt[\s-]?out\b

# --- general shapes of unsolicited mail (look4): what a stranger's offer, lure or plea does,
# whatever it sells ---
# greeting a mailbox instead of a person: "Hi x@y.org", "Hello linux1394-devel,"
spam              4 \b(?:hi|hello|dear|greetings\s+to\s+you|attention|attn|valued|estimad[oa](?:/a)?
    |hola|bonjour|hallo)(?:\s*[,:]\s*
    |\s+)\*?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+
    |[a-z][a-z0-9]*-(?:devel|dev|developers?|users?|discuss\w*|list|team|info|admin)\b)
# a cold offer to a business: what "we" sell, to "your" website, customers or audience
spam              3 \bwe\s+(?:are\s+)?(?:speciali[sz]ed\s+in|specializing\s+in|specialize\s+in)\b
    |\bour\s+(?:services|products|specialization)\s+(?:include|are)\b
    |\bservices\s+at\s+(?:a\s+)?(?:modest
    |affordable|low|reasonable)\b|\bat\s+a\s+modest\s+rate\b|\bfor\s+a\s+quote\b
    |\b(?:portfolio|quotation|pricing)\s*/\s*\w|\bcounts,\s+pricing\b|\bfor\s+your\s+marketing\b
spam              4 \b(?:do\s+you\s+(?:want|need)|want\s+to\s+get|looking\s+for)\s+(?:more\s+
    |new\s+)?(?:customers
    |clients|traffic|leads|sales|visitors)\b|\b(?:traffic|visitors)\s+(?:for
    |to)\s+your\s+(?:web\s*)?site\b
    |\bnot\s+ranking\b|\b(?:first|1st|top)\s+(?:search\s+)?page\s+(?:of|for|on)?\s*(?:google|search)
    |\bweb\s+promotion\b|\bonline\s+presence\b|\bbacklinks?\b|\bsearch\s+engine\s+visibility\b
    |\bteam\s+up\s+with\b.{0,80}\b(?:content|audience|blog)\b|\b(?:guest\s+post
    |sponsored\s+post)s?\b
    |\b(?:facebook|google)\s+ads\b|\bb2[bc]\b|\bgenerate\s+(?:massive\s+)?leads\b
    |\bsend\s+[\d,.]+\s*(?:k|mil|million)?\s*e-?mails\b|\bsmall\s+business\s+owner\b
    |\$\s?\d+\s*/\s*mo(?:nth)?\b|\bdomain\s+(?:name\s+)?(?:is\s+)?(?:for\s+sale|on\s+sale
    |registration)\b
    |\b(?:cif|fob)\b|\b(?:updated\s+|latest\s+)?(?:pricelist|price\s+list|catalogs?
    |catalogues?)\s+(?:so|and|for)\b
# an opt-out line is what a cold mailing carries, never a colleague or a recruiter's job mail
spam              3 \bif\s+this\s+e-?mail\s+is\s+unwelcome\b
    |\breply\s+(?:back\s+)?with\s+(?:a\s+)?(?:simple\s+)?\W*(?:no
    |unsubscribe|remove|stop)\b\W|\bif\s+you\s+are\s+not\s+interested\b.{0,40}\breply\b
    |\bwe\s+will\s+never\s+contact\s+you\s+again\b|\bwon't\s+email\s+you\s+again\b
# money from strangers: selected addresses, millions, funds to claim, relocate or invest
spam              5 \byour\s+e-?mail\s+(?:address\s+)?(?:was|has\s+been
    |is)\s+(?:\w+\s+){0,2}?selected\b
    |\bclaim\s+(?:your|the)\s+(?:funds?|winnings|money|payment|donation|euros?|[\d,.]+)
    |\b(?:soliciting|solicit)\s+(?:for\s+)?your\s+(?:partnership|assistance|cooperation
    |confidence)\b
    |\bdear\s+partner\b|\b(?:relocate|transfer)\s+(?:the\s+sum\s+of\s+)?(?:us\s*)?[$€£]\s?[\d.,]+
    |\b(?:us\s*\$|usd|[$€£])\s?[\d.,]+\s*(?:million|billion|mil)\b|\busd\s?\d{1,3}(?:,\d{3}){2,}
    |\b(?:steam|itunes|google\s+play|nordstrom|apple|amazon|ebay)\s+(?:gift\s+)?cards?\b
    |\bpackage\s+(?:box\s+)?(?:which\s+)?(?:was|has\s+been|is)\s+(?:just\s+)?(?:released|cleared
    |held|seized)
    |\bbeneficiary\s+(?:of|to\s+receive)\b|\bdonating\s+(?:to|a\s+portion)\b
    |\bmillions?\s+(?:[a-z]+\s+){0,4}(?:united\s+states\s+|us\s+)?(?:dollars|euros?|usd)\b
# an advance-fee opener: a stranger, a surprise, a late relative's money
spam              4 \bnever\s+met\s+(?:each\s+other\s+)?before\b
    |\bcome\s+as\s+a\s+surprise\s+to\s+you\b
    |\b(?:my|her|his)\s+late\s+(?:dad|father|husband|wife|mother|client)\b
    |\bfinanc\w*\s+(?:any\s+)?(?:investment|projects?)\b
    |\bextra\s+(?:cash|income|money)\b|\b100\s*%\s+legal\b|\bget\s+(?:you\s+)?funded\b
    |\bfunding\s+you\s+need\b|\braise\s+(?:a\s+)?capital\b
    |\b(?:acquire|purchase|buy|interested\s+in)\s+(?:the\s+)?attendee\s+(?:list|contacts|data
    |e-?mail)
spam              4 \binvest\s+(?:some\s+)?(?:amount\s+of\s+)?money\b|\bpartnership\s+investment\b
    |\bfund\s+projects\b|\bdebt\s+financ\w*|\bgrant\s+loans?\b
    |\bprojects?\s+that\s+needs?\s+funding\b
    |\bgold\s+(?:sales|buyers?|bars?|dust|bullion)\b|\btransaction\s+manager\b|\bdaily\s+profit\b
    |\b(?:recovered|recovery\s+team)\b.{0,80}\b(?:wallet|usdt|btc|funds)\b|\brelease\s+fee\b
    |\b(?:stock|ticker)\b.{0,80}\b(?:explode|take\s+off|skyrocket)|\bgains\s+of\s+\d+\s*%
    |\bno\s+prescription\b|\bonline\s+pharmacy\b|\bdiscreet\s+(?:packaging|shipping)\b
    |\bregister\s+your\s+(?:brand|company)\s+name\b|\binternet\s+keywords?\b
    |\bcompanies\s+using\s+\w+|\binstall(?:ed)?[\s-]base\b|\bdecision[\s-]makers?\b
# credential and document lures: re-confirm, re-activate ("verify your account" is above), sign
# in with your work email, a shared "statement"
spam              5 \b(?:re-?confirm|re-?activate|re-?validate
    |update)\s+(?:if\s+)?(?:and\s+update\s+)?your
    \s+(?:e-?mail\s+)?(?:account|mailbox|information|details|identity)\b
    |\baccount\s+(?:will\s+be|being)\s+(?:deleted|blocked|removed|closed|suspended)\b|\bblock\s+your\s+account\b
    |\bundeliver(?:ed|able)\s+e-?mails\s+pending\b|\bcannot\s+be\s+synchroni[sz]ed\b
    |\b(?:sign|log)\s*(?:in|on)\s+with\s+your\s+(?:work\s+|business\s+|company\s+)?e-?mail\b
    |\b(?:cleared|bank)\s+statements?\b|\bcredit\s+information\b|\bremittance\s+advice\b
    |\bswift\s+copy\b|\bproof\s+of\s+payment\b
# strangers' pleas and bait: a boss's errand, a previous mail, a private address, a friendship
spam              4 \bmy\s+boss\s+(?:has|have)\b|\bare\s+you\s+at\s+your\s+desk\b|\bkeep\s+(?:this
    |it)\s+confidential\b
    |\b(?:got|get|received?)\s+my\s+(?:previous|last|first|earlier)\s+(?:e-?mail|message|mail)\b
    |\bbeen\s+trying\s+to\s+reach\s+you\b|\bwrite\s+(?:me\s+)?back\s+(?:on|to
    |at)\s+my\s+(?:private\s+)?e-?mail\b
    |\bmy\s+private\s+e-?mail\b|\breply\s+only\s+(?:through|via|to)\s+(?:my\s+)?e-?mail\b
    |\blike\s+to\s+be\s+your\s+friend\b|\bwants?\s+to\s+meet\s+you\b|\bserious\s+relationship\b
    |\bsingle\s+(?:girls|women|ladies)\b|\bsecret\s+meetings?\b|\bsingle\s+and\s+(?:new|looking
    |lonely)\b

# one-to-one personal notes: family, missing someone, a call to catch up, a visit ("off-list"
# is as often a technical aside)
personal          3 \b(?:my|your)\s+(?:mom|mum|dad|mother|father|sister|brother|wife|husband|son
    |daughter
    |parents|grandma|grandpa|aunt|uncle)\b(?!\s+(?:is|was)\s+(?:dead|late|deceased))
personal          3 \bmiss\s+you\b|\blove\s+you\b|\btalk\s+soon\b|\bcatch\s+up\s+(?:tomorrow|soon
    |later
    |next)\b|\bmissed\s+your\s+call\b|\bcall\s+you\s+(?:on|tomorrow|tonight|later|this)\b
    |\bspare\s+room\b|\bplace\s+to\s+stay\b|\bstill\s+coming\s+to\b|\bjust\s+landed\b
    |\bthe\s+flight\s+was\b|\bthanks\s+for\s+asking\b

personal          2 \blunch\b
personal          2 \bdinner\b|\bbrunch\b|\bcoffee\b|\bdrinks\b
personal          2 \bbirthday\b|\bbbq\b|\bbarbecue\b|game\s+night|\bmovie\b
personal          2 \bfamily\b|\bkids\b|\bvacation\b
personal          2 \bthanksgiving\b|\bchristmas\b|\bdiwali\b|\bholidays\b
personal          2 \bweekend\b
# a list member talking to colleagues, not a mailing ("I think we should …", "Thoughts?")
personal          3 \bhey\s+(?:folks|all|guys|team|everyone)\b|\bi\s+think\s+we\s+should\b
    |^\s*thoughts\b[^\n]{0,80}\?|\bwhat\s+do\s+(?:you|folks)\s+(?:all\s+)?think\b
personal          1 \A\s*(?:hey|hi|hello)\s+[A-Z]?[a-z]+\s*[,!]
# an organiser asking colleagues: "Howdy, gang! … could you please send me your size?"
personal          3 \b(?:hey|hi|hello|howdy)\s*,?\s+(?:folks|gang|guys|y'all|everyone)\b
personal          2 \bcould\s+you\s+(?:all\s+)?(?:please\s+)?(?:send|tell|let)\s+me
    \s+(?:know\s+)?your\b
personal          2 \A\s*howdy\b
personal          2 \A\s*hey\b|^\s*(?:love|hugs|xoxo|cheers\s+mate)\s*,?\s*$
personal          2 \bcelebrate\b|\bparty\b|\bfireworks\b|\bphotos?\b|\bwedding\b|\bcongrats\b

# auto-replies and acknowledgements quote a job's subject without being one
other             8 \A\s*(?:i\s+am|i'm|i\s+will\s+be)\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?o
    ffice|on\s+(?:leave|vacation|pto))
other             7 \bthanks?\s+(?:you\s+)?for\s+(?:the|your)\s+(?:submission|profile|resume
    |candidate)
# a question or status about a known job
other             6 \b(?:is|are)\s+(?:this|it|that|the)\s+(?:one\s+|role\s+|position\s+|req\s+
    |job\s+|requirement\s+)?still\s+(?:open|available|active)|\bany\s+updates?\s+on\b
other             6 \b(?:position|requirement|req|role|job|opening)\b.{0,60}\b(?:has\s+been\s+
    |is\s+(?:now\s+|currently\s+)?)(?:closed|on\s+hold|filled|cancell?ed)|no\s+longer\s+(?:open
    |available|accepting)|\b(?:put|placed)\s+(?:it\s+|this\s+|the\s+\w+\s+)?on\s+hold\b
    |\bstop\s+(?:all\s+|further\s+)?submissions?\b
other             3 \bw-?9\b|\bcoi\b|certificate\s+of\s+insurance|vendor\s+agreement|\binvoice\b
    |timesheet
other             3 onboarding\s+documents|background\s+check|vendor\s+(?:registration|onboarding)
other             3 (?:add|include)\s+us\s+(?:to|in)\s+your\s+vendor\s+list|partner\s+with\s+you

# --- general shapes of unsolicited mail (spam5): strangers' money, lures, cold pitches ---
# words spelt with look-alike letters of another script ("passwогd", "Cuггent"): no honest mail
# mixes Latin and Cyrillic inside one word
spam              5 [a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]
# a large sum from a stranger: "6,750,000.00", "25 580 000 €", "550.000 Euro"
spam              4 [$€£]\s?\d{1,3}(?:[.,\s]\d{3}){2,}
    |\d{1,3}(?:[.,\s]\d{3}){2,}(?:[.,]\d{2})?\s*(?:€|£
    |euros?\b|usd\b|dollars\b|pounds\b)|\b\d{3}[.,\s]\d{3}\s*(?:€|euros?\b)
# advance fees and strangers' deals: a transfer, a trustworthy partner, a profitable business
spam              4 \btransfer\s+of\s+(?:the\s+)?funds?\b|\btrustworthy\s+person\b
    |\bdesignated\s+bank\s+account\b|\b(?:huge|large|substantial|considerable)\s+(?:amount
    |sum)\s+of\s+money\b|\bbusiness\s+transaction\b|\b(?:very\s+)?profitable\s+business\b
    |\bpartnership\s+basis\b|\bunpaid\s+funds?\b|\boverdue\s+payment\s+to\s+you\b
    |\binvest(?:ing|ment)?\s+(?:abroad|in\s+(?:your\s+|viable\s+|profitable\s+|lucrative\s+
    |interesting\s+)?(?:business|projects?|compan(?:y|ies)|ideas?|ventures?))\b
    |\b(?:dear\s+)?sir\s*/\s*madam\b
# money words of a stranger's mail in the languages such spam comes in (donation, prize,
# inheritance, payment, invoice)
spam              3 \b(?:spende|gewinn\w*|erbschaft|zahlung\w*|herencia|premio|ganador|factura
    |héritage|notaire|somme\s+de|herança|prêmio)\b
# bait: a stranger who "got your email", an urgent or confidential matter, "reply for details"
spam              4 \bi\s+(?:got|obtained)\s+your\s+(?:e-?mail|contact|address)\b
    |\b(?:urgent|important|confidential|private)\s+(?:discussion|matter)\s+with\s+you\b
    |\bdiscuss\s+(?:an?\s+)?(?:interesting|important|urgent|confidential|lucrative|private)
    \s+(?:project|matter|business|proposal|deal)\b|\breply\s+for\s+(?:more\s+)?details\b
    |\bthis\s+mail\s+(?:very\s+)?confidential\b|\bsent\s+you\s+an?\s+(?:e-?mail|mail|message)
    \s+but\b|\bhello\s+my\s+dear\b
# mail-server and document lures: pending messages, a webmail upgrade, lost access, voice mail,
# a payment to confirm, an unfilled merge field ("[-emaildomain-]")
spam              5 (?:\(\d+\)|\b\d+)\s+(?:new\s+|incoming\s+)?messages?\s+(?:pending|awaiting
    |on\s+hold|blocked)\b|\(\d+\)\s+(?:pending|undelivered|blocked|held)\s+(?:messages|e-?mails)\b
    |\bcan\s+no\s+longer\s+(?:send\s+or\s+)?receive\b
    |\b(?:upgrade|update|validate)\s+your\s+(?:webmail|e-?mail|mailbox|storage)\b(?!\s+(?:preferences
    |settings|subscription))
    |\bupgrading\s+our\s+webmail\b|\blose\s+(?:your\s+)?(?:e-?mail|mailbox|account)\s+access\b
    |\binterruption\s+(?:in|of|to)\s+your\s+(?:e-?mail|mail|mailbox)\s+service\b
    |\bsuspension\s+of\s+(?:your\s+)?(?:message|mailbox|e-?mail|account)
    |\bleft\s+you\s+a\s+(?:voice\s*)?(?:message|voicemail)\b|\bconfirm\s+(?:the\s+)?payment\b
    |\bpay\s+and\s+track\b|\[-[a-z]+-\]
# cold pitches: "we manufacture", "looking for partners", "Does this sound interesting to you?"
spam              4 \bwe\s+(?:manufacture|produce)\s+(?:an?\s+)?(?:wide\s+range|high[\s-]quality
    |custom)|\bmanufacturing\s+factory\b|\bdropship\w*
    |\blooking\s+for\s+partners\b|\bpropose\s+(?:a\s+)?cooperation\b|\bidentify\s+your\s+needs\b
    |\bdoes\s+this\s+sound\s+interesting\b|\bwould\s+you\s+like\s+to\s+check\s+how\b
    |\b(?:prices?|price\s+list)\s+of\s+your\s+(?:[\w-]+\s+){0,3}(?:items|products)\b
    |\b(?:caught|got)\s+our\s+(?:interest|attention)\b|\binterested\s+in\s+buying\b
    |\bon\s+commission\s+basis\b|\busers?\s+records?\b|\bcounts\s+and\s+(?:cost|pricing)\b
    |\battendees?\s+(?:contact\s+)?(?:list|data(?:base)?|contacts)\b|\blive\s+agent\b
    |\byou\s+saved\s+[$€£]|\b(?:in\s+our\s+list|in\s+our\s+database)\s+of\b
    |["“']\s*leave\s+out\s*["”']|\bdar(?:te|se)\s+de\s+baja\b|\bprueba\s+gratuita\b
# a developer's report or question, whatever greeting or profile it names: bug reports, patch
# series, robots' reports, a call for help with an error (one stray spam phrase, "pending
# messages" in a printk patch, does not outweigh it)
other             6 \bsigned-off-by:|\bcall\s+trace:|\b\d+\s+files?\s+changed,|\bsyzbot\b|\bkasan:
    |\bkernel\s+(?:regression|bug|panic|oops)\b|\bbug\s*tracker\b|\bgit\s+tree:
    |\b(?:appreciate|grateful\s+for)\s+any\s+(?:help|hints?|pointers|advice|suggestions
    |examples)\b|\bkeep\s+getting\s+(?:\w+\s+)?errors?\b

# --- general shapes (real6): what the unsolicited mail a public address gets does ---
# a user's report or question to a list: kernel log lines ("[31355.078189] uvcvideo: …"), a
# dmesg or kern.log, "is there anyone on the list who …", findings shared "for posterity"
other             6 ^\s*\[\s*\d+\.\d{6}\]\s|\bdmesg\b|\bkern\.log\b|\bis\s+there\s+anyone\s+(?:on
    \s+(?:the|this)\s+list\s+)?(?:who|that)\b|\bdoes\s+anyone\s+(?:here\s+)?(?:know|have)\b
    |\bhelps?\s+someone\s+else\b|\bfor\s+posterity\b
# a release announcement's own words
newsletter        3 \bthis\s+announcement\b|\brelease\s+tarball\b|\bmicro-?conference\b
    |\bexpected\s+topics\b
# a cold pitch's ask and promise: a short conversation, how "our solutions" help, "our
# products" on "your selection", a team to relieve yours
spam              4 \b(?:be\s+)?open\s+to\s+a\s+(?:short|quick|brief)\s+conversation\b
    |\bschedule\s+a\s+(?:conversation|call)\s+this\s+week\b|\b(?:tell|show)\s+you\s+how\s+our\b
    |\bhow\s+our\s+(?:solutions?|products?|technology|system)\s+(?:can|could)\b
    |\bour\s+products\s+(?:to\s+your|in\s+about)\b|\badding\s+our\s+products\b
    |\bwelcoming\s+you\s+as\s+a\s+(?:satisfied\s+)?customer\b|\brelieve\s+your\s+team\b
# ... and what the pitching firm has long done for businesses of a trade
spam              3 \b(?:been\s+)?(?:supporting|providing|serving)\s+(?:\w+\s+){0,2}(?:operators
    |bakeries|manufacturers|retailers|companies)\s+(?:across|with|in)\b|\bwe\s+support\s+companies\b
# shop mailings: "SHOP NOW", "Black Friday", "from just $200"
spam              4 \bshop\s+now\b|\bblack\s+friday\b|\bfrom\s+(?:just\s+|only\s+)\$\s?\d+
# investors and strangers' funds: "funds are available", "place funds", "share your business
# plan", "connects investors", a joint venture
spam              4 \bfunds\s+are\s+available\b|\bplace\s+funds\b|\btrust\s+management\b
    |\b(?:share|send)\s+(?:us\s+|me\s+)?your\s+business\s+plan\b|\bconnects?\s+investors\b
    |\bjoint\s+venture\b|\bvendors\s+worldwide\b|\blarge-volume\s+procurements?\b
    |\bmoq\b|\bdear\s+vendor\b|\binvoice\s+statements\b
# document, signature and account lures: "a document to review and sign", DocuSign, "sign-in
# attempt was blocked", mail "put on hold", "Your Scheduled … Meeting Is About to Begin"
spam              4 \bdocument\s+to\s+review\s+and\s+sign\b|\bdocusign\b
    |\bsignature\s+is\s+requested\b|\bsign-?in\s+attempt\s+was\s+blocked\b
    |\bmails?\s+have\s+been\s+put\s+on\s+hold\b|\bnot\s+a\s+robot\b
    |\bmeeting\s+is\s+about\s+to\s+begin\b|\bpersons\s+are\s+currently\s+connected\b
    |\brisk\s+of\s+deactivation\b|\bconfirm\s+(?:or\s+update\s+)?your\s+contact\s+details\b
    |\bconfirm\s+your\s+new\s+salary\b|\bleave\s+report\b
# an unfilled mail-merge token of a bulk sender: "%RND8%", "{RAND8}", "{DATA_ATUAL}"
spam              5 %RND\d*%|\{(?:RAND|RND)\w*\}|\{[A-Z]+_[A-Z_]+\}
# official notices, fines, refunds, unpaid bills and blocked cards in the languages such
# phishing comes in (Portuguese, Spanish, Dutch, German, French, Polish pitches)
spam              4 \b(?:nota\s+fiscal|intima[cç][aã]o|infra[cç][aã]o|encomenda|regulariza[cç][aã]o
    |alf[aâ]ndega|multa|contribuyente|transferencia\s+(?:entrante|pendiente)|terugbetaling
    |betalingsherinnering|openstaande\s+bedrag|bankgegevens|kundendaten|gesperrt
    |zugangsdaten|facture\s+impay[ée]e|devis\s+sign[ée]|avis\s+de\s+virement|pr[ée]-?qualificado
    |państw[ao]|przedsiębiorst\w*|estimad[oa]\s+cliente|cher\s+client|votre\s+facture
    |sehr\s+geehrte[rs]?\s+kunde|geachte\s+heer)
# --- general shapes (real7): cold pitches, strangers' deals and bait, colleagues' notes ---
# a cold pitch's approach and offer: "the person responsible for marketing or sales", "happy to
# present", "what we can offer you", "unbeatable conditions", "win more customers", "our
# experience in the gas industry", "We manufacture HDPE bottles"
spam              4 \bperson\s+responsible\s+for\s+(?:marketing|sales|purchasing|procurement
    |buying)\b|\b(?:happy|glad)\s+to\s+present\b|\bwhat\s+we\s+(?:can|could)\s+(?:offer|do\s+for)
    \s+you\b|\bunbeatable\s+(?:conditions|prices?|offers?)\b|\bsolutions\s+for\s+your\s+business\b
    |\bwin\s+(?:more|new)\s+customers\b|\bgain\s+new\s+markets\b|\bwe\s+manufacture\b
    |\bour\s+experience\s+in\s+the\s+[\w-]+\s+industry\b|\bat\s+a\s+very\s+reasonable\s+(?:cost
    |price)\b
# strangers' deals and bait: "Compliments of the season", "a business venture with you", "contact
# me back", "I await your prompt response", "the beneficiary to the late …", a "representative"
# abroad, "invest in your country", a pen pal, "confirm receipt of the previous mail", "large
# demand of your product", "the products listed in the attached document"
spam              4 \bcompliments?\s+of\s+the\s+(?:day|season)\b|\bbusiness\s+(?:venture
    |opportunity)\s+with\s+you\b|\bcontact\s+me\s+back\b|\bi\s+await\s+your\s+(?:prompt\s+|urgent\s+|quick\s+)?
    (?:response|reply|feedback)\b|\bbeneficiary\s+(?:to|of)\s+the\s+late\b|\breliable\s+representative\b
    |\brepresentative\s+in\s+(?:the\s+united\s+states|your\s+country)\b|\bthe\s+profits\s+are\s+great\b
    |\binvest(?:ment)?\s+(?:ventures?\s+)?in\s+your\s+country\b|\bpen\s*-?\s*pal\b|\bbe\s+friends\s+with
    \s+you\b|\bconfirm\s+(?:the\s+)?receipt\s+of\s+(?:the\s+|my\s+)?(?:previous|last|earlier)\s+(?:e-?mail
    |mail|message)\b|\b(?:large|huge|high|bulk)\s+demand\s+(?:of|for)\s+your\s+products?\b
    |\bproducts\s+listed\s+in\s+the\s+attached\b
# a cold pitch in Polish or Czech: cooperation, customers, wholesale, production, free of charge,
# an employer's legal service (list traffic on these lists is in English)
spam              4 \b(?:współprac\w*|spoluprác\w*|spolupráce|zákazník\w*|klientów|velkoobchod\w*
    |výrob\w*|dodáváme|zdarma|pracodawc\w*|przedsiębiorc\w*)
# farewells, congratulations and thanks between colleagues: "sad to see you go", "best of luck",
# "very proud of you", "thank you for all your contributions", "thanks all for attending"
personal          4 \bsad\s+to\s+see\s+you\s+go\b|\bbest\s+of\s+luck\b
    |\bdon'?t\s+be\s+a\s+stranger\b|\bgreat\s+working\s+with\s+you\b|\bour\s+loss\b|\bproud\s+of\s+you\b|\bthanks?\s+(?:you\s+)?
    (?:all\s+)?(?:again\s+)?for\s+(?:attending|coming|joining\s+us)\b|\bsafe\s+travels\b
    |\benjoyed\s+meeting\b|\bthanks?\s+(?:you\s+)?(?:very\s+much\s+)?for\s+all\s+(?:your|the)
    \s+(?:contributions|work|hard\s+work|effort)\b|\bstep(?:ping)?\s+down\s+as\b|\bthank\s+you\s+to\s+the\b
# --- general shapes (real8): what a public list address gets besides its own traffic ---
# a buyer's lure: "request a quotation", "send us your recent catalog", "price quotes", "price
# per unit", "make a purchase from you", "interested in your products", "Do you continue to
# export?", "help us source for the product", "your sales representative", "Dear Supplier",
# "add my WeChat ID", "reliable suppliers", "quote the following item", "your esteemed company",
# "photo shooting needs for your products"
spam              4 \brequest(?:ing)?\s+(?:a\s+|for\s+(?:a\s+)?)?quotation\b
    |\bsend\s+(?:us\s+|me\s+)?(?:your|the)\s+(?:recent\s+|latest\s+|current\s+)?(?:catalog(?:ue)?|price\s*list)\b
    |\bprice\s+quotes?\b|\bprice\s+per\s+unit\b|\bminimum\s+(?:order\s+)?quantit|\bpurchase\s+from\s+you\b
    |\binterested\s+in\s+your\s+(?:products?|merchandise|goods)\b|\bcontinue\s+to\s+export\b
    |\bsource\s+(?:for\s+)?the\s+products?\b|\byour\s+sales\s+(?:representative|department|manager)\b
    |\bdear\s+(?:supplier|sales\s+(?:department|manager|team))\b|\bwe\s?chat(?:\s+id)?\s*:
    |\badd\s+my\s+we\s?chat\b|\breliable\s+suppliers\b|\bquote\s+the\s+following\b
    |\bsend\s+your\s+quotation\b|\byour\s+esteemed\s+(?:company|organi[sz]ation|firm)\b
    |\bneeds\s+for\s+your\s+products\b|\b(?:enquiry|inquiry)\s+about\s+a\s+product\b|\bproducts?\s+we\s+(?:want|need|wish)\s+to\s+(?:purchase|buy)\b
# a supplier's or service's approach: "introduce our latest collection", "my name is …, and I
# represent", "Who could we connect with at your company", "We are China located manufacture",
# "successful cases about our adhesive", "valued customers like yourself", "Our Company
# specializes in recycling", "I am reaching you to"
spam              5 \bintroduce\s+(?:you\s+to\s+)?our\s+(?:latest|newest|premium|new)\s+
    (?:collection|products?|models?|range|line|e-?bikes?)\b|\bmy\s+name\s+is\s+[\w.-]+(?:\s+[\w.-]+)?,?\s+and\s+i
    \s+represent\b|\bwho\s+(?:could|can|should)\s+(?:we|i)\s+(?:connect|speak|talk)\s+(?:with|to)\s+at
    \s+your\s+company\b|\bwe\s+are\s+(?:an?\s+)?(?:china|chinese|leading|professional)\s+(?:[\w-]+\s+){0,2}
    (?:manufacture|manufacturer|factory|supplier|exporter)s?\b
    |\bsuccessful\s+cases\s+(?:about|of)\s+our\b|\bvalued\s+customers?\s+like\s+you(?:rself)?\b
    |\bour\s+company\s+speciali[sz]es\s+in\b|\bi\s+am\s+reaching\s+you\b
# a seller of contact lists: "5,786 Contacts at unlimited usage", "key decision makers", "top
# level decision makers"
spam              5 \bcontacts\s+(?:at|with)\s+unlimited\s+usage\b
    |\blist\s+is\s+available\s+for\s+you\b
    |\b(?:key|top[\s-]+level)\s+decisions?[\s-]+makers\b
# investors' and strangers' bait: "investors eager to support your company", "a client who wants
# to invest", "a high net worth investor", "reply for more info", "respond back for more
# details", "I shall divulge details", a lottery's "winning numbers"
spam              4 \binvestors?\s+(?:who\s+(?:are|is)\s+)?(?:eager|willing|ready)\s+to\s+(?:support
    |invest|fund)\b|\bwho\s+wants?\s+to\s+invest\b|\bhigh\s+net\s+worth\s+(?:investor|individual|client)s?\b
    |\b(?:reply|respond\s+back)\s+for\s+more\s+(?:info|details|information)\b|\bdivulge\s+(?:the\s+)?details\b
    |\bwinning\s+numbers\b|\bprize\s+credited\b
# account, payment and delivery phishing: "review the details using the secure link", "The
# password for … will expire", "Keep the same password", "sign in from a different location",
# "pay the additional shipping fees", "an outstanding refund", "Quarantined Message Report",
# "in your Spam folder", "sent you some files", "a pending PDF document on our cloud"
spam              4 \busing\s+the\s+secure\s+link\b
    |\bpassword\s+for\s+\S+\s+(?:will\s+expire|is\s+set\s+to\s+expire|has\s+expired)\b|\bkeep\s+(?:the\s+)?same\s+password\b|\bsign\s+in\s+from\s+a\s+(?:different
    |new)\s+(?:location|device)\b|\badditional\s+(?:shipping|delivery|customs)\s+(?:fees?|charges?)\b
    |\boutstanding\s+refund\b|\bquarantined\s+messages?\b|\bin\s+your\s+spam\s+folder\b
    |\bsent\s+you\s+(?:some|a)\s+files?\b|\bpending\s+(?:pdf\s+)?document\b
# a developer's mail: a function or C source file ("erofs_try_to_release_workgroup(",
# "rebuild.c", "readahead_expand()"; case-sensitive, so "P.C" is none), a CVE/CWE or CVSS score,
# "kernel 4.9", a shell prompt's path ("~/project/test$")
other             6s \b[a-z][a-z0-9]*_\w+\s?\(|\b[a-z][\w-]+\.[ch]\b|\bC[VW]E-\d+|\bCVSS\b
    |\b[Kk]ernel\s+v?\d+\.\d+|~/[\w./-]+\$
# a developer's words (file systems, compression, a fault or deadlock, a distribution; the
# community's words in Chinese: open source, community, kernel, file system, patch, source code,
# porting, mount; a repository's path) are no stranger's offer and no personal note: "the
# back-reference widow" is no widow, "Hey there, … Debian 10" no friend's greeting
spam             -4 \b(?:file\s?systems?|compressors?|decompression|compression\s+ratio|segmentation
    \s+fault|segfault|deadlock|backtrace|debian|ubuntu|kubuntu|fedora|upstream)\b
    |\bgithub\.com/[\w.-]+/[\w.-]+|开源|社区|内核|文件系统|补丁|源码|移植|挂载
personal         -3 \b(?:file\s?systems?|compressors?|decompression|compression\s+ratio|segmentation
    \s+fault|segfault|deadlock|backtrace|debian|ubuntu|kubuntu|fedora|upstream)\b
# a student's Google Summer of Code enquiry, introduction or proposal: list traffic
other             7 \bgsoc\b|\bgoogle\s+summer\s+of\s+code\b
# --- general shapes (catrules): strangers' money and bait in the languages it comes in ---
# money offered or demanded in German, Czech (with or without its accents) and Spanish, as the
# English rules above read it: an investment, a "lucrative" deal, a loan at low interest with
# no collateral, a donation, financing, instalments, a debt, its collection or an enforcement
# order ("uverbs" is why Czech "úvěr" needs its accents)
spam              4 \b(?:investitionsm[oö]glichkeit\w*|lukrative[nrs]?|darlehen\w*|zinss[aä]tz\w*
    |sicherheiten\s+erforderlich|gesch[aä]ftspartner\w*|gesch[aä]ftsvorschlag\w*|spenden?\b
    |inkasso\w*|mahnverfahren|financov[aá]n\w*|úvěr\w*|p[uů]j[cč]k\w*|spl[aá]t(?:ek|k[auy])\b
    |dlu[zž]n\w*|exeku[cč]\w*|exekutor\w*|platebn\w*\s+rozkaz\w*|neuhradil\w*|pohled[aá]vk\w*
    |pr[eé]stamos?\b|financiaci[oó]n|donaci[oó]n|inversi[oó]n(?:es)?\b|invertir\b
    |beneficiari[oa]\b|cobro\s+de\s+(?:la\s+)?deuda|deuda\s+pendiente)
# a German advance-fee letter: a late husband's or client's fortune, his next of kin, millions
# of dollars to transfer or invest
spam              4 \b(?:verstorbene[nmr]?\s+(?:mann|ehemann|klient|vater|mutter)\w*
    |n[aä]chsten\s+angeh[oö]rigen|millionen\s+(?:us-?)?(?:dollar|euro)|investier\w*
    |investitionen\b|überweisung\s+(?:eines|des)\s+(?:fonds|betrag\w*)|kredit\s*angebot\w*)
# a stranger's follow-up and private address in German ("Haben Sie unsere letzte E-Mail …
# erhalten?", "Wir haben versucht, Sie zu erreichen", "meine private E-Mail"), and a word
# spelt out in dotted letters to pass a filter ("S.p.e.n.d.e")
spam              4 \b(?:unsere|meine)\s+(?:letzte|vorherige|frühere)\s+(?:e-?mail|nachricht)\b
    |\bversucht,?\s+sie\s+zu\s+erreichen\b|\bmeine\s+private\s+e-?mail\b
    |\b(?:[a-z]\.){4,}[a-z]\b
# friendship bait: "Can we be friend?", "How are you today my dear?", "I am a Military nurse"
spam              4 \bcan\s+we\s+be\s+friends?\b|\b(?:how\s+are\s+you(?:\s+doing)?\s+today|hi|hello)
    \s*,?\s+my\s+dear\b|\bi\s+am\s+an?\s+(?:military|army|navy|us\s+army)\s+(?:nurse|doctor
    |officer|sergeant|general|captain|surgeon)\b
# paid-survey and pay-per-week bait: "Paid Surveys: Make $9498 Or Even more Each week"
spam              5 \bpaid\s+(?:surveys?|studies)\b|\b(?:make|earn|gain)\s+\$\s?[\d,]+\s+(?:or\s+
    (?:even\s+)?more\s+)?(?:each|every|a|per)\s+(?:day|week|month)\b
# invoice-issuing services in Chinese ("issued on your behalf", invoice, VAT), a development
# team "tailored to your project's needs", an escort site's link
spam              4 代开|发票|增值税|\btailored\s+to\s+your\s+(?:project|business|company)(?:'s)?
    \s+needs\b|\bhttps?://[\w.-]*escort
# an RPM spec file's sections and tags: a packager's proposal, not a release mailing
other             6s ^(?:BuildRequires|BuildArch)\s*:|^%(?:prep|build|install|files|changelog)\s*$
# --- general shapes (rules 1.18.0), bodies: modern spam of two public spam inboxes ---
# text disguised to pass a filter: mathematical letters, small capitals, letters struck through
# with combining marks, Greek look-alikes inside a Latin word ("pαkke"; Cyrillic ones are above)
spam              5 [\U0001D400-\U0001D7FF]{3}|[\u1d00-\u1d2b\u0280-\u02af]{3}
    |[\u0300-\u036f](?:[^\W\d_][\u0300-\u036f]){2}
    |(?<=[a-z])[αοιερκνυτ]+[a-z]
# money per day for nothing, any currency: "earn from 600 euros every day", "make 800 USD each day"
spam              5 \b(?:earn|make|making|earning)\s+(?:from\s+|up\s+to\s+|over\s+
    |at\s+least\s+)?(?:[$€£]\s?)?
    [\d.,]+\s*k?\s*(?:\$+|€|£|usd\b|eur(?:os?)?\b|dollars?\b|pounds?\b)?\s*(?:a|per|each|every|/)\s*
    (?:day|week|month)\b
# a stranger's millions misspelt ("$ 24.2Milion", "$3.5millon": news and list mail name sums
# of millions too, spelt right), a fund to handle, a namesake's estate, a soldier's or a rich
# man's "project" to present, spells and "your ex back"
spam              5 (?:[$€£]|\busd)\s*[\d.,]+\s*(?:milion|millon)\b|\bsame\s+(?:sur|last\s+
    |family\s+)name\b
    |\b(?:handle|manage|receive)\s+(?:this|the|my|your)\s+funds?\b|\bamount\s+that\s+belongs\s+to\b
    |\b(?:i\s+am|i'm)\s+(?:an?\s+)?(?:(?:us|american)\s+)?(?:sergeant|corporal|lieutenant|colonel
    |soldier)\b|\bamerican\s+soldier\b|\bcan\s+i\s+trust\s+you\b|\bpossible\s+partnership\b
    |\bproject\s+(?:i\s+want\s+)?to\s+present\s+to\s+you\b|\bprofitable\s+investment\b
    |\bspell\s*-?\s*casters?\b|\blove\s+spells?\b|\byour\s+ex\s+back\b|\bspiritual\s+(?:guidance
    |healer|powers?)\b|\bherbal\s+(?:doctor|medicine|cure|remedy)\b
# crypto bots and wallets, prizes, pills, dating, fake security alerts, giveaways
spam              4 \b(?:crypto|auto|trading)\s*-?bot\b|\b(?:ethereum|binance|metamask|dogecoin
    |usdt)\b
    |\b(?:selected|chosen)\s+(?:you\s+)?as\s+(?:the|a|our)\s+(?:lucky\s+)?winner\b
    |f[\W_]?ck[\s_-]*buddy|\bsex\s*(?:dating|partner|contacts?)\b|\bhorny\b
    |\b(?:your\s+)?(?:computer|device|pc)\s+is\s+(?:not|no\s+longer)\s+protected\b
    |\b(?:mcafee|norton)\b.{0,80}\b(?:expir|renew|protect|subscription)|\bgiv(?:e
    |ing)\s+away\b.{0,120}\bfor\s+free\b
    |\bdid\s+you\s+receive\s+my\s+(?:previous\s+|last\s+|earlier\s+)?(?:message|e-?mail|mail
    |letter)\b
    |\bis\s+this\s+your\s+(?:work\s+|business\s+|correct\s+)?e-?mail\b
# pills and cures: what the mail sells outweighs the family it mentions ("my wife")
spam              5 \berectile\b|\bfat\s+burn|\bweight\s+loss\b|\bbladder\b|\bbelly\s+fat\b
# a marketing seller's acronyms: "we can work for SEO, SMO, AdWords and PPC"
spam              5 \b(?:seo|smo|ppc|adwords)\b.{0,40}\b(?:seo|smo|ppc|adwords)\b
# the same in Danish and German (prize, parcel awaiting delivery, account suspended, dear
# customer, you have won, a namesake's millions, potency, loan, slimming)
spam              4 \b(?:tillykke|vinder|gevinst|pakkelevering\w*|pakkemeddelelse\w*|afventende
    |forsendelse\w*
    |suspenderet|ubeskyttet|erhvervslån|kære\s+kunde|vundet|præmie\w*|efternavn|millioner|potenz
    |gewinnspiel)\b
""")
