"""Fetcher: consumes email.sync.requested, publishes email.raw (and integration.error).

For each sync request: validate the integration (exists, the user's, active), build keywords
from the tenant's candidates' preferred roles, list matching emails through the integration's
provider, skip those in the processed-email ledger, and publish at most 50 raw emails keyed by
integration id. At most 10 syncs start per minute across all replicas, one per integration at
a time (a lease its sync renews while it runs; a dead fetcher's lease expires and the next
request takes over); requests run concurrently so one mailbox's backoff never stalls another.
Offsets are stored after the sync run is committed, the raw emails are acknowledged and the
provider cursor is saved. Bad requests, and requests whose provider stayed unavailable through
the retry table, go to email.sync.requested.dlq; expired credentials go to integration.error.
"""

from services.common.heap import freeze_alive
from services.common.lifecycle import run_consumer
from services.db.probe import database_probe
from services.fetcher import wiring
from services.fetcher.settings import FetcherSettings


def main() -> None:
    # as in the parser and the jobwriter: the objects the imports leave live as long as the
    # process, and every full collection walked them all; frozen, it looks only at newer ones
    freeze_alive()
    settings = FetcherSettings()
    run_consumer(
        settings,
        service="fetcher",
        build=wiring.build,
        checks={"database": database_probe(settings.database_url)},
    )


if __name__ == "__main__":
    main()
