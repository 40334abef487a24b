"""When a sync run is complete."""

from __future__ import annotations

import pytest

from services.domain.sync_runs import run_is_complete


@pytest.mark.parametrize(
    ("status", "processed", "found", "complete"),
    [
        ("running", 3, 3, True),
        ("running", 4, 3, True),  # a late email counted after its run's list was recorded
        ("running", 0, 0, True),
        ("running", 2, 3, False),
        ("running", 3, None, False),  # the fetcher has not recorded what it found yet
        ("success", 3, 3, False),  # already closed: not completed twice
        ("failed", 3, 3, False),
        ("coalesced", 0, 0, False),
    ],
)
def test_a_running_run_completes_once_every_email_found_is_processed(
    status: str, processed: int, found: int | None, complete: bool
) -> None:
    assert (
        run_is_complete(status=status, emails_processed=processed, emails_found=found) is complete
    )
