"""Every Kafka topic reqstream uses. Service code names topics only through this module.

The enum and the dead-letter and retry maps are generated from ``schemas/topics/*.yaml``
(``generated/topics.py``): a topic file declares its topic, its ``dead_letter`` topic and its
``retry_tiers``, and nothing else lists them. What follows from those maps is derived here.
"""

from schemas.contracts.generated.topics import (
    DEAD_LETTER_TOPIC,
    DEFAULT_RETRY_DELAYS_S,
    RETRY_TIERS,
    RETRY_TOPICS,
    Topic,
)

__all__ = [
    "DEAD_LETTER_TOPIC",
    "DEFAULT_RETRY_DELAYS_S",
    "DERIVED_TOPICS",
    "RETRY_ORIGIN",
    "RETRY_TIERS",
    "RETRY_TOPICS",
    "Topic",
    "origin_topic",
]

RETRY_ORIGIN: dict[Topic, Topic] = {
    retry: origin for origin, tiers in RETRY_TOPICS.items() for retry in tiers
}
DERIVED_TOPICS: frozenset[Topic] = frozenset(DEAD_LETTER_TOPIC.values()) | frozenset(RETRY_ORIGIN)


def origin_topic(name: str) -> Topic:
    """The topic whose contract a consumed message follows: a retry topic's origin, else itself.

    Raises ValueError for a name that is not a reqstream topic.
    """
    topic = Topic(name)
    return RETRY_ORIGIN.get(topic, topic)
