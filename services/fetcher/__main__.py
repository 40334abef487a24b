"""Fetcher: consumes email.sync.requested, publishes email.raw (and integration.error).

For each sync request: validate the integration (exists, the user's, active), build keywords
from the tenant's candidates' preferred roles, list matching emails through the integration's
provider, skip those in the processed-email ledger, and publish at most 50 raw emails keyed by
integration id. At most 10 syncs start per minute across all replicas, one per integration at
a time; requests run concurrently so one mailbox's backoff never stalls another. Offsets are
stored after the sync run is committed, the raw emails are acknowledged and the provider cursor
is saved. Bad requests, and requests whose provider stayed unavailable through the retry table,
go to email.sync.requested.dlq; expired credentials go to integration.error.
"""

import asyncio

from services.common.lifecycle import on_shutdown_signal, wait_for_kafka
from services.common.logging import setup_logging
from services.common.ops_server import serve_consumer_ops
from services.fetcher import wiring
from services.fetcher.settings import FetcherSettings


def main() -> None:
    settings = FetcherSettings()
    setup_logging(settings.log_level, service="fetcher")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    runner, close = wiring.build(settings)
    stop_ops = serve_consumer_ops(settings, service="fetcher", assigned=runner.assigned)
    on_shutdown_signal(runner.stop)
    try:
        asyncio.run(runner.run())
    finally:
        stop_ops()
        close()


if __name__ == "__main__":
    main()
