"""The project's exceptions: one root, and the kinds that steer a consumer's control flow.

Every error reqstream raises on purpose derives from ``ReqstreamError``, so ``except
ReqstreamError`` tells an expected failure from a bug. Four of them choose where a consumed
message goes: ``InvalidMessage`` and ``RetriesExhausted`` to the dead-letter topic,
``RetryableError`` to the retry tiers, ``DependencyUnavailable`` back to its partition, which
waits.
"""


class ReqstreamError(Exception):
    """Root of every exception reqstream raises on purpose."""


class InvalidMessage(ReqstreamError):  # noqa: N818  (the house name for bad-data signals)
    """Bad input: dead-letter it with this reason, commit, go on. Never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetriesExhausted(ReqstreamError):  # noqa: N818  (named for what happened)
    """A fault outlasted the retries already spent on it in the handler (a mail provider that
    stayed unavailable): the message is fine, so it is dead-lettered with this reason to be
    re-driven once the fault is gone, not reported as invalid."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryableError(ReqstreamError):
    """A transient fault of this one message (a lock timeout, a deadlock, an SMTP hiccup): it
    moves to the stage's retry topics and is tried again when due, never blocking the messages
    behind it; after the last tier it is dead-lettered."""


class DependencyUnavailable(RetryableError):
    """A dependency every message needs is down or saturated (database unreachable, broker not
    acknowledging, sync rate limit): the consumer backs off in place, since moving messages to
    retry topics would only exhaust their tiers while it lasts."""


class CredentialsUnreadable(ReqstreamError):  # noqa: N818  (named for what ops will see)
    """No configured key opens the stored credentials (dropped or wrong key, tampering).

    A key problem for operations, not a user revocation: the user's grant may be fine."""
