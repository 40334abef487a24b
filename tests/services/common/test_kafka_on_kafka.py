"""The producer's wait for room against a broker of the test's own that stops answering
(SIGSTOP): produce gives up while the broker is still stopped, instead of waiting for it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from confluent_kafka import KafkaError, Message, Producer
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic  # typed here; the admin re-export is not

from schemas.contracts.topics import Topic
from services.common.kafka import (
    Outbound,
    QueueFull,
    build_producer_config,
    produce_outbound,
)
from services.infra.kafka_native import NativeKafka
from tests.kafka_helpers import hung, own_native_broker

pytestmark = pytest.mark.kafka
TOPIC = Topic.EMAIL_RAW
GIVE_UP_WITHIN = 60.0  # seconds; without a bound it lasted until message.timeout.ms (300 s)


@pytest.fixture(scope="module")
def broker() -> Iterator[NativeKafka]:
    with own_native_broker() as broker:
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        admin.create_topics([NewTopic(TOPIC.value, 1, 1)])[TOPIC.value].result(30)
        yield broker


def outcome_of(call: Callable[[], None], timeout: float) -> BaseException | None:
    """Run ``call`` on a thread of its own; what it raised (None: it returned). Fails when it
    is still waiting after ``timeout`` seconds."""
    raised: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            raised.append(exc)
        else:
            raised.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert raised, f"still blocked after {timeout:.0f} s"
    return raised[0]


def ignore(_err: KafkaError | None, _msg: Message) -> None:
    return None


def test_produce_gives_up_on_a_queue_that_stays_full_while_the_broker_is_hung(
    broker: NativeKafka,
) -> None:
    config = build_producer_config(
        bootstrap=broker.bootstrap, client_id="full", extra={"queue.buffering.max.messages": 1}
    )
    producer = Producer(config)
    out = Outbound(TOPIC, "1", b"{}")
    produce_outbound(producer, out, ignore)  # connected, producer id acquired
    assert producer.flush(30) == 0
    with hung(broker):
        produce_outbound(producer, out, ignore)  # the queue's one place, never acknowledged
        raised = outcome_of(lambda: produce_outbound(producer, out, ignore), GIVE_UP_WITHIN)
        assert isinstance(raised, QueueFull), raised
