"""Start-up checks and signal handling shared by every service's __main__."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

log = logging.getLogger(__name__)


def wait_for_kafka(bootstrap: str, *, timeout: float = 60.0) -> None:
    """Fail fast at start-up, with bounded retry while the broker comes up."""
    admin = AdminClient({"bootstrap.servers": bootstrap})
    deadline = time.monotonic() + timeout
    while True:
        try:
            admin.list_topics(timeout=2)
            return
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            log.info("waiting for Kafka at %s", bootstrap)


def on_shutdown_signal(stop: Callable[[], None]) -> None:
    """SIGINT/SIGTERM ask the loop to finish its batch, commit and leave the group."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s; shutting down", signal.Signals(signum).name)
        stop()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
