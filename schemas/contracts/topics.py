"""Every Kafka topic reqstream uses. Service code names topics only through this enum."""

from enum import StrEnum


class Topic(StrEnum):
    EMAIL_SYNC_REQUESTED = "email.sync.requested"
    EMAIL_RAW = "email.raw"
    EMAIL_PARSED = "email.parsed"
    JOB_CREATED = "job.created"
    INTEGRATION_ERROR = "integration.error"
    # one dead-letter topic per consuming stage, named after the topic it failed to consume
    EMAIL_SYNC_REQUESTED_DLQ = "email.sync.requested.dlq"
    EMAIL_RAW_DLQ = "email.raw.dlq"
    EMAIL_PARSED_DLQ = "email.parsed.dlq"
    INTEGRATION_ERROR_DLQ = "integration.error.dlq"
    # non-blocking retries: one topic per delay tier, consumed by the stage when each is due
    EMAIL_SYNC_REQUESTED_RETRY_10S = "email.sync.requested.retry.10s"
    EMAIL_SYNC_REQUESTED_RETRY_1M = "email.sync.requested.retry.1m"
    EMAIL_SYNC_REQUESTED_RETRY_10M = "email.sync.requested.retry.10m"
    EMAIL_RAW_RETRY_10S = "email.raw.retry.10s"
    EMAIL_RAW_RETRY_1M = "email.raw.retry.1m"
    EMAIL_RAW_RETRY_10M = "email.raw.retry.10m"
    EMAIL_PARSED_RETRY_10S = "email.parsed.retry.10s"
    EMAIL_PARSED_RETRY_1M = "email.parsed.retry.1m"
    EMAIL_PARSED_RETRY_10M = "email.parsed.retry.10m"
    INTEGRATION_ERROR_RETRY_10S = "integration.error.retry.10s"
    INTEGRATION_ERROR_RETRY_1M = "integration.error.retry.1m"
    INTEGRATION_ERROR_RETRY_10M = "integration.error.retry.10m"


DEAD_LETTER_TOPIC: dict[Topic, Topic] = {
    Topic.EMAIL_SYNC_REQUESTED: Topic.EMAIL_SYNC_REQUESTED_DLQ,
    Topic.EMAIL_RAW: Topic.EMAIL_RAW_DLQ,
    Topic.EMAIL_PARSED: Topic.EMAIL_PARSED_DLQ,
    Topic.INTEGRATION_ERROR: Topic.INTEGRATION_ERROR_DLQ,
}

# the tiers' names and the delays they stand for (services may shorten them, e.g. in tests)
RETRY_TIERS: tuple[str, ...] = ("10s", "1m", "10m")
DEFAULT_RETRY_DELAYS_S: tuple[float, ...] = (10.0, 60.0, 600.0)

RETRY_TOPICS: dict[Topic, tuple[Topic, ...]] = {
    origin: tuple(Topic(f"{origin.value}.retry.{tier}") for tier in RETRY_TIERS)
    for origin in DEAD_LETTER_TOPIC
}
RETRY_ORIGIN: dict[Topic, Topic] = {
    retry: origin for origin, tiers in RETRY_TOPICS.items() for retry in tiers
}
DERIVED_TOPICS: frozenset[Topic] = frozenset(DEAD_LETTER_TOPIC.values()) | frozenset(RETRY_ORIGIN)


def origin_topic(name: str) -> Topic:
    """The topic whose contract a consumed message follows: a retry topic's origin, else itself.

    Raises ValueError for a name that is not a reqstream topic.
    """
    topic = Topic(name)
    return RETRY_ORIGIN.get(topic, topic)
