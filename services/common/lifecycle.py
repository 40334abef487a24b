"""Start-up checks, signal handling and the one start-up path of every consumer process."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any, Protocol

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from services.common.engine import DeadLetterLimitExceeded
from services.common.heap import freeze_alive
from services.common.logging import setup_logging
from services.common.ops_server import Check, serve_consumer_ops
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


class ConsumerEngine(Protocol):
    async def run(self, *, warmed: Callable[[], None] | None = None) -> None: ...
    def stop(self) -> None: ...
    def assigned(self) -> bool: ...
    def healthy(self) -> bool: ...


def run_consumer(
    settings: ServiceSettings,
    *,
    service: str,
    build: Callable[[Any], tuple[ConsumerEngine, Callable[[], None]]],
    checks: Mapping[str, Check] | None = None,
) -> None:
    """The start-up order every consumer shares: logging, broker check, wiring, ops server
    (ready when Kafka and ``checks`` answer and partitions are held), signals, run; then
    release what the wiring built.

    When the dead-letter breaker stops the engine, the process stays up reporting unhealthy
    (/healthz 503, health file no longer touched) until it is told to stop, then exits 1: a bad
    deploy is rolled back by an operator instead of emptying its topic into the DLQ."""
    setup_logging(settings.log_level, service=service)
    wait_for_kafka(settings.kafka_bootstrap_servers)
    engine, close = build(settings)
    stop_ops = serve_consumer_ops(
        settings,
        service=service,
        checks={**(checks or {}), "assigned": engine.assigned},
        live=engine.healthy,
    )
    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        engine.stop()

    on_shutdown_signal(stop)
    try:
        # what start-up and the first batch built lives as long as the process: out of the
        # cyclic collector's walks from then on (services.common.heap)
        asyncio.run(engine.run(warmed=freeze_alive))
    except DeadLetterLimitExceeded:
        log.critical("%s: stopped by the dead-letter breaker; waiting for a stop signal", service)
        while not stopped.wait(1.0):  # wake up so signals are handled promptly
            pass
        raise SystemExit(1) from None
    finally:
        stop_ops()
        close()
