"""Scheduler: emits email.sync.requested for every due integration.

At start-up and at every cron fire time (SCHEDULER_CRON, default every 15 minutes) it selects
active integrations that were never synced or whose sync frequency has elapsed (the seed's rule),
claims each (integration, slot) in PostgreSQL so that replicas never emit the same integration
twice for a slot, and produces one request per claimed integration, keyed by integration id.
After each tick it queues reconnect warnings for sign-ins about to lapse (once per lapse).
Every SCHEDULER_IMAP_RECONCILE_SECONDS (60) it also makes integration.imap.active (the table
of active IMAP integrations the IMAP watchers share) match PostgreSQL, writing only what differs.
Its HTTP port serves /healthz, /readyz and /metrics (with the integrations' connection-health
gauges, read from PostgreSQL at each scrape); manual syncs are the API service's
(POST /integrations/{id}/sync).
"""

import uvicorn
from prometheus_client import REGISTRY

from services.common.lifecycle import wait_for_kafka
from services.common.logging import setup_logging
from services.db.session import wait_for_database
from services.scheduler import api, wiring
from services.scheduler.settings import SchedulerSettings


def main() -> None:
    settings = SchedulerSettings()
    setup_logging(settings.log_level, service="scheduler")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    scheduler, engine = wiring.build(settings)
    wait_for_database(engine)
    REGISTRY.register(scheduler.health_collector())  # served by the app's /metrics
    cron = wiring.cron_loop(scheduler)
    if settings.cron_enabled:
        cron.start()
    imap_watches = wiring.imap_watch_loop(scheduler)
    if settings.imap_reconcile_seconds > 0:
        imap_watches.start()
    app = api.build_app(engine=engine, bootstrap=settings.kafka_bootstrap_servers)
    try:
        # uvicorn installs its own SIGINT/SIGTERM handling and returns on either
        uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_level="warning")
    finally:
        imap_watches.stop()
        cron.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
