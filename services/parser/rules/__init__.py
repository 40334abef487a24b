"""The offline extractor: classify a decoded email and read its jobs with rules, no network.

``extract`` is the way in. ``check_jobs`` keeps only the values of someone else's jobs (the
model's) that the visible text supports; ``find_labels`` reads "Label: value" lines. Nothing
here knows about the model client or the service around it."""

from services.parser.rules.extractor import EXTRACTOR, Extraction, extract
from services.parser.rules.labels import LabelHit, find_labels
from services.parser.rules.support import Checked, VisibleText, check_jobs

__all__ = [
    "EXTRACTOR",
    "Checked",
    "Extraction",
    "LabelHit",
    "VisibleText",
    "check_jobs",
    "extract",
    "find_labels",
]
