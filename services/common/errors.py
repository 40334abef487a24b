"""The error kinds that steer control flow in every consumer."""


class InvalidMessage(Exception):  # noqa: N818  (the house name for bad-data signals)
    """Bad input: dead-letter it with this reason, commit, go on. Never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryableError(Exception):
    """A transient fault of this one message (a lock timeout, a deadlock, an SMTP hiccup): it
    moves to the stage's retry topics and is tried again when due, never blocking the messages
    behind it; after the last tier it is dead-lettered."""


class DependencyUnavailable(RetryableError):
    """A dependency every message needs is down or saturated (database unreachable, broker not
    acknowledging, sync rate limit): the consumer backs off in place, since moving messages to
    retry topics would only exhaust their tiers while it lasts."""
