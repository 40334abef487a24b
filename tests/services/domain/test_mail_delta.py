"""Graph delta rules: which answers mean a resync, and what the Outlook cursor keeps."""

from __future__ import annotations

import pytest

from services.domain.mail_delta import delta_token_unusable, next_delta_cursor


@pytest.mark.parametrize(
    ("status", "code", "unusable"),
    [
        (410, "SyncStateNotFound", True),
        (410, None, True),
        (400, "syncStateInvalid", True),
        (400, "ErrorInvalidSyncStateData", True),
        (400, "BadRequest", False),
        (404, "ErrorItemNotFound", False),
        (429, "ApplicationThrottled", False),
        (500, "SyncStateNotFound", False),
    ],
)
def test_only_gone_or_a_sync_state_error_needs_a_resync(
    status: int, code: str | None, unusable: bool
) -> None:
    assert delta_token_unusable(status, code) is unusable


def test_delta_link_is_kept_when_everything_was_published() -> None:
    cursor = next_delta_cursor(
        {"received_after": "2026-01-01T00:00:00Z"},
        received_after="2026-01-02T00:00:00Z",
        delta_link="https://graph.test/delta?$deltatoken=b",
        backlog=False,
    )
    assert cursor == {
        "received_after": "2026-01-02T00:00:00Z",
        "delta_link": "https://graph.test/delta?$deltatoken=b",
    }


def test_backlog_drops_the_delta_link_so_the_next_sync_searches_again() -> None:
    previous = {"received_after": "2026-01-01T00:00:00Z", "delta_link": "https://g/d?a"}
    cursor = next_delta_cursor(
        previous, received_after="2026-01-01T12:00:00Z", delta_link="https://g/d?b", backlog=True
    )
    assert cursor == {"received_after": "2026-01-01T12:00:00Z"}


def test_nothing_new_keeps_the_previous_time_and_takes_the_new_link() -> None:
    previous = {"received_after": "2026-01-01T00:00:00Z", "delta_link": "https://g/d?a"}
    cursor = next_delta_cursor(
        previous, received_after=None, delta_link="https://g/d?b", backlog=False
    )
    assert cursor == {"received_after": "2026-01-01T00:00:00Z", "delta_link": "https://g/d?b"}
    assert next_delta_cursor(None, received_after=None, delta_link=None, backlog=False) is None
