"""Every Kafka topic reqstream uses, derived from ``schemas/topics/*.yaml``.

Written by ``python -m schemas.contracts.generate``; do not edit. Each topic file declares one
topic and, when it is consumed, its dead-letter topic and retry tiers. Service code names topics
only through ``schemas.contracts.topics``.
"""

from enum import StrEnum


class Topic(StrEnum):
    # declared by a file each
    EMAIL_PARSED = "email.parsed"
    EMAIL_RAW = "email.raw"
    EMAIL_SYNC_REQUESTED = "email.sync.requested"
    INTEGRATION_ERROR = "integration.error"
    INTEGRATION_IMAP_ACTIVE = "integration.imap.active"
    JOB_CREATED = "job.created"
    REQUIREMENT_CREATED = "requirement.created"
    REQUIREMENT_UPDATED = "requirement.updated"
    # derived: one dead-letter topic per consumed topic
    EMAIL_PARSED_DLQ = "email.parsed.dlq"
    EMAIL_RAW_DLQ = "email.raw.dlq"
    EMAIL_SYNC_REQUESTED_DLQ = "email.sync.requested.dlq"
    INTEGRATION_ERROR_DLQ = "integration.error.dlq"
    # derived: one retry topic per consumed topic and delay tier
    EMAIL_PARSED_RETRY_10S = "email.parsed.retry.10s"
    EMAIL_PARSED_RETRY_1M = "email.parsed.retry.1m"
    EMAIL_PARSED_RETRY_10M = "email.parsed.retry.10m"
    EMAIL_RAW_RETRY_10S = "email.raw.retry.10s"
    EMAIL_RAW_RETRY_1M = "email.raw.retry.1m"
    EMAIL_RAW_RETRY_10M = "email.raw.retry.10m"
    EMAIL_SYNC_REQUESTED_RETRY_10S = "email.sync.requested.retry.10s"
    EMAIL_SYNC_REQUESTED_RETRY_1M = "email.sync.requested.retry.1m"
    EMAIL_SYNC_REQUESTED_RETRY_10M = "email.sync.requested.retry.10m"
    INTEGRATION_ERROR_RETRY_10S = "integration.error.retry.10s"
    INTEGRATION_ERROR_RETRY_1M = "integration.error.retry.1m"
    INTEGRATION_ERROR_RETRY_10M = "integration.error.retry.10m"


DEAD_LETTER_TOPIC: dict[Topic, Topic] = {
    Topic.EMAIL_PARSED: Topic.EMAIL_PARSED_DLQ,
    Topic.EMAIL_RAW: Topic.EMAIL_RAW_DLQ,
    Topic.EMAIL_SYNC_REQUESTED: Topic.EMAIL_SYNC_REQUESTED_DLQ,
    Topic.INTEGRATION_ERROR: Topic.INTEGRATION_ERROR_DLQ,
}
RETRY_TOPICS: dict[Topic, tuple[Topic, ...]] = {
    Topic.EMAIL_PARSED: (
        Topic.EMAIL_PARSED_RETRY_10S,
        Topic.EMAIL_PARSED_RETRY_1M,
        Topic.EMAIL_PARSED_RETRY_10M,
    ),
    Topic.EMAIL_RAW: (
        Topic.EMAIL_RAW_RETRY_10S,
        Topic.EMAIL_RAW_RETRY_1M,
        Topic.EMAIL_RAW_RETRY_10M,
    ),
    Topic.EMAIL_SYNC_REQUESTED: (
        Topic.EMAIL_SYNC_REQUESTED_RETRY_10S,
        Topic.EMAIL_SYNC_REQUESTED_RETRY_1M,
        Topic.EMAIL_SYNC_REQUESTED_RETRY_10M,
    ),
    Topic.INTEGRATION_ERROR: (
        Topic.INTEGRATION_ERROR_RETRY_10S,
        Topic.INTEGRATION_ERROR_RETRY_1M,
        Topic.INTEGRATION_ERROR_RETRY_10M,
    ),
}
RETRY_TIERS: tuple[str, ...] = ("10s", "1m", "10m")
DEFAULT_RETRY_DELAYS_S: tuple[float, ...] = (10.0, 60.0, 600.0)  # seconds
