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


DEAD_LETTER_TOPIC: dict[Topic, Topic] = {
    Topic.EMAIL_SYNC_REQUESTED: Topic.EMAIL_SYNC_REQUESTED_DLQ,
    Topic.EMAIL_RAW: Topic.EMAIL_RAW_DLQ,
    Topic.EMAIL_PARSED: Topic.EMAIL_PARSED_DLQ,
    Topic.INTEGRATION_ERROR: Topic.INTEGRATION_ERROR_DLQ,
}
