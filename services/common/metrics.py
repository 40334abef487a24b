"""Every Prometheus metric of reqstream, defined once; services import these objects.

The set of names is closed (``MetricName``): a new metric is added here, with a comment, and
nowhere else. Label values are kept to small sets (services, topics, outcomes, error classes,
tenants, models); never ids of emails, syncs or integrations.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from prometheus_client import REGISTRY as DEFAULT_REGISTRY
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

__all__ = [
    "CONSUMED",
    "DEAD_LETTERS",
    "EMAILS",
    "ERRORS",
    "FRESHNESS",
    "JOBS_CREATED",
    "LLM_CALLS",
    "LLM_TOKENS",
    "NOTIFICATIONS",
    "PROCESSING",
    "PRODUCED",
    "PUSH_NOTIFICATIONS",
    "RETRIES",
    "SYNCS",
    "MetricName",
    "render",
]

MetricName = Literal[
    # kafka side, one series per service (stage) and topic
    "reqstream_messages_consumed_total",  # messages handed to the process function
    "reqstream_messages_produced_total",  # messages acknowledged by the broker
    "reqstream_processing_seconds",  # time in the process function, per input message
    "reqstream_errors_total",  # process-function failures by exception class (retries included)
    "reqstream_retries_total",  # retryable failures that rewound or re-ran a message
    "reqstream_dead_letters_total",  # input messages sent to <topic>.dlq, by input topic
    # business
    "reqstream_syncs_total",  # fetcher sync requests by outcome
    "reqstream_push_notifications_total",  # provider push deliveries: requested/debounced/rejected
    "reqstream_emails_total",  # jobwriter ledger results (job_created/skipped/failed) and why
    "reqstream_jobs_created_total",  # job postings committed, per tenant
    "reqstream_llm_calls_total",  # extractor LLM calls by model and outcome
    "reqstream_llm_tokens_total",  # LLM tokens by model and kind (prompt/completion)
    "reqstream_freshness_seconds",  # email received_at → its job committed, per tenant
    "reqstream_notifications_total",  # user emails from the jobwriter's outbox: sent, failed
    # connection health, gauges the scheduler reads from PostgreSQL at each scrape
    # (services.scheduler.health_metrics): active integrations by provider and push state, by
    # provider and token health, and the oldest cursor's age per provider
    "reqstream_integrations_push_state",
    "reqstream_integrations_token_health",
    "reqstream_integration_cursor_age_max_seconds",
]
METRIC_NAMES: Final[frozenset[str]] = frozenset(get_args(MetricName))
# exposed only by a scheduler, whose collector reads them at each scrape
CONNECTION_HEALTH_NAMES: Final[frozenset[str]] = frozenset(
    {
        "reqstream_integrations_push_state",
        "reqstream_integrations_token_health",
        "reqstream_integration_cursor_age_max_seconds",
    }
)

# no *_created series: scrapers take resets from the counters themselves
disable_created_metrics()  # type: ignore[no-untyped-call]  # unannotated upstream

# seconds; per-message work ranges from sub-millisecond parsing to minute-long syncs
PROCESSING_BUCKETS: Final = (0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
# seconds; a 15-minute cron plus pipeline latency, up to a day of backlog
FRESHNESS_BUCKETS: Final = (10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 21600, 86400)


def _name(name: MetricName) -> str:
    # prometheus_client appends _total to counters itself
    return name.removesuffix("_total")


CONSUMED: Final = Counter(
    _name("reqstream_messages_consumed_total"),
    "Messages handed to the process function.",
    ["service", "topic"],
)
PRODUCED: Final = Counter(
    _name("reqstream_messages_produced_total"),
    "Messages acknowledged by the broker.",
    ["service", "topic"],
)
PROCESSING: Final = Histogram(
    "reqstream_processing_seconds",
    "Seconds in the process function per input message.",
    ["service", "topic"],
    buckets=PROCESSING_BUCKETS,
)
ERRORS: Final = Counter(
    _name("reqstream_errors_total"),
    "Process-function failures by exception class.",
    ["service", "error_class"],
)
RETRIES: Final = Counter(
    _name("reqstream_retries_total"),
    "Retryable failures that rewound or re-ran a message.",
    ["service"],
)
DEAD_LETTERS: Final = Counter(
    _name("reqstream_dead_letters_total"),
    "Input messages sent to the dead-letter topic, by input topic.",
    ["service", "topic"],
)
SYNCS: Final = Counter(
    _name("reqstream_syncs_total"),
    "Fetcher sync requests by outcome.",
    ["outcome"],
)
PUSH_NOTIFICATIONS: Final = Counter(
    _name("reqstream_push_notifications_total"),
    "Push deliveries from mailbox providers by outcome: requested (a push sync), debounced "
    "(one was pending), rejected (any reason).",
    ["provider", "outcome"],
)
EMAILS: Final = Counter(
    _name("reqstream_emails_total"),
    "Parsed emails applied by the jobwriter, by ledger result and skip reason.",
    ["result", "skip_reason"],
)
JOBS_CREATED: Final = Counter(
    _name("reqstream_jobs_created_total"),
    "Job postings committed, per tenant.",
    ["tenant"],
)
NOTIFICATIONS: Final = Counter(
    _name("reqstream_notifications_total"),
    "User emails from the outbox by outcome: sent, or an attempt that failed (retried later).",
    ["outcome"],
)
LLM_CALLS: Final = Counter(
    _name("reqstream_llm_calls_total"),
    "Extractor LLM calls by model and outcome.",
    ["model", "outcome"],
)
LLM_TOKENS: Final = Counter(
    _name("reqstream_llm_tokens_total"),
    "LLM tokens by model and kind (prompt, completion).",
    ["model", "kind"],
)
FRESHNESS: Final = Histogram(
    "reqstream_freshness_seconds",
    "Seconds from an email's received time to its job postings' commit.",
    ["tenant"],
    buckets=FRESHNESS_BUCKETS,
)


def skip_reason_label(reason: str | None) -> str:
    """The ledger's skip reason with the score dropped: low_confidence_0.42 → low_confidence."""
    if reason is None:
        return ""
    return "low_confidence" if reason.startswith("low_confidence") else reason


def render(registry: CollectorRegistry = DEFAULT_REGISTRY) -> bytes:
    """The Prometheus text exposition of every metric."""
    return generate_latest(registry)
