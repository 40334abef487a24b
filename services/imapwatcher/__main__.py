"""IMAP watcher: IDLE (RFC 2177) on every active IMAP integration this replica owns; new mail
(an EXISTS) requests a debounced push sync on email.sync.requested (reason ``push``).

Replica ``IMAPWATCHER_REPLICA_INDEX`` of ``IMAPWATCHER_REPLICAS`` owns the integrations whose id
modulo the replica count is its index (README, "Push (IMAP)"). Stops on SIGTERM or SIGINT.
"""

import signal
from types import FrameType

from services.common.lifecycle import wait_for_kafka
from services.common.logging import setup_logging
from services.db.session import wait_for_database
from services.imapwatcher import wiring
from services.imapwatcher.settings import ImapWatcherSettings


def main() -> None:
    settings = ImapWatcherSettings()
    setup_logging(settings.log_level, service="imapwatcher")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    watcher, engine = wiring.build(settings)
    wait_for_database(engine)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        watcher.request_stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        watcher.run()
    finally:
        watcher.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
