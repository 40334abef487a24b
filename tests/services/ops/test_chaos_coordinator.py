"""Right after a broker restart a group's coordinator answers COORDINATOR_LOAD_IN_PROGRESS
while it loads the offsets topic (seen failing a CI rehearsal's chaos run): the probe reads
that as "lag not known yet" and asks again, and any other error still fails the run."""

from __future__ import annotations

import pytest
from confluent_kafka import KafkaError, KafkaException

from services.ops.chaos.probe import coordinator_not_ready


@pytest.mark.parametrize(
    "code",
    [
        KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
        KafkaError.COORDINATOR_NOT_AVAILABLE,
        KafkaError.NOT_COORDINATOR,
    ],
)
def test_a_coordinator_still_loading_or_moving_is_asked_again(code: int) -> None:
    assert coordinator_not_ready(KafkaException(KafkaError(code)))


@pytest.mark.parametrize(
    "error",
    [
        KafkaError(KafkaError.GROUP_AUTHORIZATION_FAILED),
        KafkaError(KafkaError.UNKNOWN_TOPIC_OR_PART),
        "not a KafkaError",
    ],
)
def test_any_other_error_is_not_waited_out(error: object) -> None:
    assert not coordinator_not_ready(KafkaException(error))
