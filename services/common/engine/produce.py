"""The produce step: hand a message's outputs to the producer and learn when the broker
acknowledged all of them. A delivery failure is a dependency outage (``DeliveryFailed``)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from confluent_kafka import KafkaError, Message, Producer
from prometheus_client import Counter

from services.common.kafka import (
    FLUSH_TIMEOUT,
    ROOM_WAIT,
    DeliveryFailed,
    DeliveryReport,
    Outbound,
    QueueFull,
    produce_outbound,
)
from services.common.metrics import PRODUCED


class Produce:
    def __init__(self, producer: Producer, *, stage: str) -> None:
        self._producer = producer
        self._stage = stage
        self._series: dict[str, Counter] = {}
        # the local queue stayed full at the last try: later sends do not wait for room again
        # (each would wait ROOM_WAIT: one poll batch's hundreds of sends, minutes in all); their
        # partitions are rewound and wait out the outage paused, as for a flush that timed out
        self._full = False

    def send(self, outputs: Sequence[Outbound]) -> asyncio.Future[None]:
        """Produce now; the future resolves once every output is acknowledged, or fails with
        DeliveryFailed. Acknowledgements arrive through ``poll`` or ``flush``."""
        delivered: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        pending = len(outputs)
        if not pending:
            delivered.set_result(None)
            return delivered
        errors: list[str] = []
        acked: dict[str, int] = {}  # per topic; counted once all are in, not once per message

        def report_for(topic: str) -> DeliveryReport:
            def report(err: KafkaError | None, _msg: Message) -> None:
                nonlocal pending
                pending -= 1
                if err is not None:
                    errors.append(f"{topic}: {err.str()}")
                else:
                    acked[topic] = acked.get(topic, 0) + 1
                if pending == 0:
                    for name, count in acked.items():
                        self._produced(name).inc(count)
                    if delivered.done():
                        return
                    if errors:
                        delivered.set_exception(DeliveryFailed("; ".join(errors[:5])))
                    else:
                        delivered.set_result(None)

            return report

        reports: dict[str, DeliveryReport] = {}  # one per topic, not one per message
        for out in outputs:
            topic = out.topic.value
            report = reports.get(topic)
            if report is None:
                report = reports[topic] = report_for(topic)
            try:
                produce_outbound(
                    self._producer,
                    out,
                    report,
                    serve_reports=False,
                    room_wait=0.0 if self._full else ROOM_WAIT,
                )
            except QueueFull:
                self._full = True
                raise
            self._full = False
        return delivered

    def _produced(self, topic: str) -> Counter:
        series = self._series.get(topic)
        if series is None:  # looked up once per topic, not once per message
            series = self._series[topic] = PRODUCED.labels(self._stage, topic)
        return series

    def poll(self) -> None:
        """Serve delivery reports without blocking."""
        self._producer.poll(0)

    def pending(self) -> int:
        """Messages produced and not yet acknowledged (or failed)."""
        return len(self._producer)

    def flush(self, timeout: float = FLUSH_TIMEOUT) -> int:
        """Wait for every acknowledgement; the count of messages still undelivered."""
        return int(self._producer.flush(timeout))
