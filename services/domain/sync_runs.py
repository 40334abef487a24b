"""When a sync run is complete."""

from __future__ import annotations

RUNNING = "running"
SUCCESS = "success"


def run_is_complete(*, status: str, emails_processed: int, emails_found: int | None) -> bool:
    """A running run is complete once every email it found has been processed. Until the
    fetcher has recorded what it found (``emails_found`` None), nothing completes it; a run that
    already ended (success, failed, coalesced) is not completed again."""
    if emails_found is None or status != RUNNING:
        return False
    return emails_processed >= emails_found
