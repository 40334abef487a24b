"""Jobwriter: consumes email.parsed and integration.error, writes PostgreSQL, publishes job.created.

Per parsed email: the processed-email ledger row (result job_created, skipped with not_job /
low_confidence_<score>, or failed with "AI parsing failed"), a job posting per extracted job
when is_job and confidence ≥ the threshold, the integration's counters and the sync run's
progress (closing the run and stamping last_synced_at when its last email is in), all in one
transaction with the rest of its poll batch (multi-row statements); a batch that fails is
applied again one email per transaction, so a bad email is dead-lettered alone. The ledger's
unique key makes redelivery a no-op. job.created follows the commit; the offset follows the
broker's acknowledgement. token_expired errors disable the integration and email
its user once. Bad input goes to the topic's dead-letter topic.
"""

from services.common.lifecycle import on_shutdown_signal, wait_for_kafka
from services.common.logging import setup_logging
from services.common.ops_server import serve_consumer_ops
from services.jobwriter import wiring
from services.jobwriter.settings import JobwriterSettings


def main() -> None:
    settings = JobwriterSettings()
    setup_logging(settings.log_level, service="jobwriter")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    runner, close = wiring.build(settings)
    stop_ops = serve_consumer_ops(settings, service="jobwriter", assigned=runner.assigned)
    on_shutdown_signal(runner.stop)
    try:
        runner.run()
    finally:
        stop_ops()
        close()


if __name__ == "__main__":
    main()
