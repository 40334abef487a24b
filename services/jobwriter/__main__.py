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

import gc

from services.common.heap import freeze_alive
from services.common.lifecycle import run_consumer
from services.db.probe import database_probe
from services.jobwriter import wiring
from services.jobwriter.settings import JobwriterSettings

# a batch allocates tens of thousands of short-lived objects (rows, events) that reference
# counting frees; at the default 700 the young-generation collector ran hundreds of times a
# batch, each pass also walking what the imports left behind, which gc.freeze() takes out
GC_YOUNG_THRESHOLD = 20_000  # allocations


def main() -> None:
    freeze_alive()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
    settings = JobwriterSettings()
    run_consumer(
        settings,
        service="jobwriter",
        build=wiring.build,
        checks={"database": database_probe(settings.database_url)},
    )


if __name__ == "__main__":
    main()
