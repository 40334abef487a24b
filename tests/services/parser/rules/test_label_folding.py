"""A label is read as re.IGNORECASE matched it: "ſkills" (long s) is "skills", "Locatıon"
(dotless i) is "location". The lookup by lower case alone raised KeyError, and the parser failed
the whole mail."""

from pathlib import Path

import pytest

from schemas.contracts.models import RawEmail
from schemas.contracts.topics import Topic
from services.parser.handler import handle_raw_email
from services.parser.rules.labels import find_labels
from tests.contracts import decoded_examples

RAW_EMAIL = next(m for _, m in decoded_examples(Topic.EMAIL_RAW) if isinstance(m, RawEmail))


def test_labels_with_characters_ignorecase_folds_are_read_as_their_ascii_spelling() -> None:
    lines = ["Role: Java Developer", "\u017fkills: java, spring", "Locat\u0131on: Dallas, TX"]
    found = {(hit.field, hit.label, hit.value) for hit in find_labels(lines)}
    assert ("skills", "skills", "java, spring") in found
    assert ("location", "location", "Dallas, TX") in found


def test_a_mail_whose_labels_hold_them_is_parsed() -> None:
    raw = (
        "From: a@vendor.example\nTo: b@agency.example\nSubject: Java Developer - Dallas, TX\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Role: Java Developer\n\u017fkills: java, spring\nLocation: Dallas, TX\n"
        "Please send resumes.\n"
    ).encode()
    parsed = handle_raw_email(RAW_EMAIL, raw)
    assert [(job.title, job.location) for job in parsed.jobs] == [("Java Developer", "Dallas, TX")]


CORPUS = Path(__file__).parents[3] / "corpus" / "dev"
# each ASCII letter and the character re.IGNORECASE also matches it with (long s, dotless i,
# dotted capital I, Kelvin sign)
FOLDS = [("s", "\u017f"), ("i", "\u0131"), ("I", "\u0130"), ("k", "\u212a")]


@pytest.mark.parametrize(("ascii_letter", "look_alike"), FOLDS)
def test_every_corpus_mail_with_a_look_alike_letter_is_parsed(
    ascii_letter: str, look_alike: str
) -> None:
    for path in sorted(CORPUS.glob("*.eml")):
        head, blank, body = path.read_bytes().partition(b"\n\n")
        if b"charset=" in head.lower() and b"utf-8" not in head.lower():
            continue  # only a UTF-8 body can hold the look-alike as written
        if b"content-type" not in head.lower():
            head += b"\nContent-Type: text/plain; charset=utf-8"
        swapped = body.replace(ascii_letter.encode(), look_alike.encode())
        handle_raw_email(RAW_EMAIL, head + blank + swapped)
