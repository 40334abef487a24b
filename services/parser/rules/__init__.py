"""The offline extractor: classify a decoded email and read its jobs with rules, no network.

``extract`` is the way in. ``check_jobs`` keeps only the values of someone else's jobs (the
model's) that the visible text supports; ``find_labels`` reads "Label: value" lines. Nothing
here knows about the model client or the service around it."""

from services.parser.rules.anyof import AnyOf
from services.parser.rules.category_rules import BODY_RULES
from services.parser.rules.classify import warm
from services.parser.rules.extractor import EXTRACTOR, Extraction, extract, extracting
from services.parser.rules.gate import Folded, PieceIndex
from services.parser.rules.job_calls import ASKS_FOR_CANDIDATES, INVITES_REQUIREMENT, POSTING_PROSE
from services.parser.rules.labels import LabelHit, find_labels
from services.parser.rules.support import Checked, VisibleText, check_jobs

# what classify's body rules are matched with, for ``bench handler-profile``'s Hyperscan trial
CLASSIFY_BODY_PATTERNS = (
    *(rule[1].pattern for rule in BODY_RULES),
    *(c.pattern for c in (ASKS_FOR_CANDIDATES, INVITES_REQUIREMENT, POSTING_PROSE)),
)

__all__ = [
    "CLASSIFY_BODY_PATTERNS",
    "EXTRACTOR",
    "AnyOf",
    "Checked",
    "Extraction",
    "Folded",
    "LabelHit",
    "PieceIndex",
    "VisibleText",
    "check_jobs",
    "extract",
    "extracting",
    "find_labels",
    "warm",
]
