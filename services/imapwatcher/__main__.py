"""IMAP watcher: IDLE (RFC 2177) on every active IMAP integration this replica owns; new mail
(an EXISTS) requests a debounced push sync on email.sync.requested (reason ``push``).

Input: integration.imap.active, a compacted table of the active IMAP integrations, in the
consumer group IMAPWATCHER_GROUP_ID: a replica owns the integrations of the partitions assigned
to it, re-reads them from the beginning on every assignment and commits no offsets; a dead
replica's partitions move to the others after IMAPWATCHER_SESSION_TIMEOUT_MS (README, "Push
(IMAP)"). Output: email.sync.requested. No DLQ: an undecodable record is skipped and logged.
Stops on SIGTERM or SIGINT, leaving the group so its partitions move at once.
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
