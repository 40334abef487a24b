"""Microsoft Graph delta cursors: when a stored delta token is unusable, and what the next
Outlook cursor holds.

The cursor keeps two things: ``received_after`` (the newest settled receive time, so a resync
through the search path is bounded) and ``delta_link`` (where the next delta round starts). The
delta link is kept only when every listed match was published: with a backlog, the next sync
searches again from the oldest unpublished message, and a new delta round starts after that.

Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

# Graph answers 410 Gone for an expired delta token (message-delta docs); Exchange-backed
# resources have also been seen answering 400 with a sync-state code for a corrupt token.
# Codes compared case-insensitively: Graph's casing differs between workloads.
_RESET_CODES = frozenset(
    {"syncstatenotfound", "syncstateinvalid", "errorinvalidsyncstatedata", "resyncrequired"}
)


def delta_token_unusable(status: int, code: str | None) -> bool:
    """A delta round answered this: the token is gone or invalid, and only a resync helps."""
    if status == 410:
        return True
    return status == 400 and (code or "").lower() in _RESET_CODES


def next_delta_cursor(
    previous: dict[str, Any] | None,
    *,
    received_after: str | None,
    delta_link: str | None,
    backlog: bool,
) -> dict[str, Any] | None:
    """The cursor after a sync. ``received_after`` is the time the next search would start at
    (None: keep the previous one); ``delta_link`` the link the sync's delta round ended with."""
    after = received_after or (previous or {}).get("received_after")
    cursor: dict[str, Any] = {} if after is None else {"received_after": after}
    if delta_link and not backlog:
        cursor["delta_link"] = delta_link
    return cursor or previous
