"""Start-up checks and signal handling shared by every service's __main__."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, Protocol

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from services.common.logging import setup_logging
from services.common.ops_server import serve_consumer_ops
from services.common.settings import ServiceSettings

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


class AsyncConsumer(Protocol):
    async def run(self) -> None: ...
    def stop(self) -> None: ...
    def assigned(self) -> bool: ...


def run_async_consumer(
    settings: ServiceSettings,
    *,
    service: str,
    build: Callable[[Any], tuple[AsyncConsumer, Callable[[], None]]],
) -> None:
    """The start-up order every asyncio consumer shares: logging, broker check, wiring, ops
    server, signals, run; then release what the wiring built."""
    setup_logging(settings.log_level, service=service)
    wait_for_kafka(settings.kafka_bootstrap_servers)
    runner, close = build(settings)
    stop_ops = serve_consumer_ops(settings, service=service, assigned=runner.assigned)
    on_shutdown_signal(runner.stop)
    try:
        asyncio.run(runner.run())
    finally:
        stop_ops()
        close()
