"""Lag exporter: reads consumer-group offsets from Kafka and serves them to Prometheus.

Consumes and produces no topic. On each scrape of GET /metrics it lists the consumer groups
(LAGEXPORTER_GROUP_FILTER), their committed offsets and members, and the earliest and latest
offsets of every topic partition (LAGEXPORTER_TOPIC_FILTER), and exports them under
kafka_exporter's names (kafka_consumergroup_lag{consumergroup,topic,partition}, …) plus
reqstream_consumergroup_lag_seconds{consumergroup}, the lag divided by the group's consume rate
over LAGEXPORTER_RATE_WINDOW seconds. GET /healthz answers while the process serves.
"""

import threading

from services.common.lifecycle import on_shutdown_signal, wait_for_kafka
from services.common.logging import setup_logging
from services.lagexporter import wiring
from services.lagexporter.settings import LagExporterSettings


def main() -> None:
    settings = LagExporterSettings()
    setup_logging(settings.log_level, service="lagexporter")
    wait_for_kafka(settings.kafka_bootstrap_servers)
    server = wiring.build(settings)
    stop = threading.Event()
    on_shutdown_signal(stop.set)
    server.start()
    try:
        while not stop.wait(1.0):  # wake up so signals are handled promptly
            pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
