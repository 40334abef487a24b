"""Restarting the Kafka broker mid-run: only a native broker this process started qualifies."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from services.infra.kafka_cluster import NativeKafkaCluster
from services.infra.kafka_native import NativeKafka, restart_native_kafka
from services.infra.settings import InfraSettings
from services.infra.stack import Infra

log = logging.getLogger(__name__)


@dataclass
class BrokerControl:
    """Stops the broker ``infra`` runs and starts it again on the same directory and ports, so the
    services' clients reconnect as after a broker restart in production. ``infra.kafka_handle``
    follows the new process, so whoever stops ``infra`` later stops the restarted broker."""

    infra: Infra
    settings: InfraSettings = field(default_factory=InfraSettings)

    @property
    def skipped_reason(self) -> str | None:
        """Why this broker cannot be restarted; None when it can."""
        if isinstance(self.infra.kafka_handle, NativeKafka):
            return None
        if self.infra.kafka_kind == "env":
            return "external Kafka (KAFKA_BOOTSTRAP_SERVERS): not this run's to restart"
        if isinstance(self.infra.kafka_handle, NativeKafkaCluster):
            return "a cluster's nodes are SIGKILLed (--broker-kills), not restarted cleanly"
        return f"Kafka runs as {self.infra.kafka_kind}; only a native broker is restarted"

    def restart(self) -> float:
        """Controlled shutdown, then start again; returns the seconds clients were without a
        broker. Call it from the main thread: the broker's parent-death signal is tied to the
        thread that starts it."""
        broker = self.infra.kafka_handle
        if not isinstance(broker, NativeKafka):
            raise RuntimeError(f"cannot restart the broker: {self.skipped_reason}")
        keep_dir = broker.keep_dir
        broker.keep_dir = True  # stop() would delete the data the restart needs
        stopped_at = time.monotonic()
        broker.stop()
        log.info("broker stopped; starting it again")
        try:
            restarted = restart_native_kafka(
                broker,
                libs_dir=self.settings.KAFKA_LIBS_DIR,
                log4j_config=self.settings.KAFKA_LOG4J_CONFIG,
                pdeathsig=True,
            )
        finally:
            broker.keep_dir = keep_dir
        restarted.keep_dir = keep_dir
        self.infra.kafka_handle = restarted
        return time.monotonic() - stopped_at
