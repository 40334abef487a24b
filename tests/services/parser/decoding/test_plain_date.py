"""headers.plain_date reads a date as parsedate_to_datetime does (the same datetime and zone,
naive for -0000, the same ValueError out of range), or leaves it to it: dates of its form with
any digits, and every sample mail's Date header."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.decoding import headers
from services.parser.decoding.headercache import CACHING_POLICY
from tests.properties import examples

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))


def _outcome(read: Callable[[str], datetime | None], value: str) -> str:
    try:
        return repr(read(value))  # the zone too: aware datetimes compare equal across zones
    except ValueError as exc:
        return f"ValueError: {exc}"


def _assert_read_alike(value: str) -> bool:
    if headers._PLAIN_DATE.match(value) is None:
        assert headers.plain_date(value) is None
        return False
    assert _outcome(headers.plain_date, value) == _outcome(parsedate_to_datetime, value), value
    return True


@settings(max_examples=examples(2000), deadline=None)
@given(st.from_regex(headers._PLAIN_DATE, fullmatch=True))
def test_plain_dates_read_as_parsedate_to_datetime_reads_them(value: str) -> None:
    assert _assert_read_alike(value)


_NEAR_PLAIN = st.tuples(
    st.sampled_from(("Mon, ", "", "mon, ", "Mon,")),
    st.sampled_from(("2", "02", "31", "0", "123")),
    st.sampled_from(("Nov", "nov", "November", "Feb")),
    st.sampled_from(("2026", "26", "0099", "1969")),
    st.sampled_from(("08:00:00", "8:00", "23:59:60", "24:00:00")),
    st.sampled_from(("+0000", "-0000", "+0530", "-0500", "+9999", "GMT", "EST", "")),
)


@given(_NEAR_PLAIN)
def test_dates_near_the_plain_form_read_alike(pieces: tuple[str, ...]) -> None:
    weekday, *rest = pieces
    _assert_read_alike(weekday + " ".join(p for p in rest if p))


def test_every_sample_date_read_alike() -> None:
    plain = 0
    for path in _EMLS:
        try:
            item = BytesParser(policy=CACHING_POLICY).parsebytes(path.read_bytes()).get("Date")
        except Exception:  # noqa: BLE001 - a malformed sample: decode_email's business
            continue
        if item is not None:
            plain += _assert_read_alike(headers.one_line(str(item)))
    assert plain > 100
