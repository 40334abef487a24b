"""The ops tools' one error kind: a problem an operator must fix; the CLI prints it."""

from __future__ import annotations

from services.domain.errors import ReqstreamError


class OpsError(ReqstreamError):
    """A problem an operator must fix (wrong topic, unreachable broker); the CLI prints it."""
