"""The two error kinds that steer control flow in every consumer."""


class InvalidMessage(Exception):  # noqa: N818  (the house name for bad-data signals)
    """Bad input: dead-letter it with this reason, commit, go on. Never retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryableError(Exception):
    """An infrastructure fault (broker, DB, provider): retry with backoff; never dead-lettered."""
