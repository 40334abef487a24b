"""Parser assembly: email.raw → decode + extract (handler) → email.parsed, via AsyncRunner.

Oversized raw emails arrive as a reference into raw_email_blobs and are read from PostgreSQL.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable, Sequence

from confluent_kafka import Consumer, Message, Producer
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.codec import ValidationError, get_codec
from schemas.contracts.models import RawEmail
from schemas.contracts.topics import Topic
from services.common.async_runner import AsyncRunner
from services.common.errors import InvalidMessage
from services.common.health import HealthFile
from services.common.kafka import Outbound, build_consumer_config, build_producer_config
from services.db import repository as repo
from services.db.session import build_engine, build_sessionmaker, transaction
from services.parser import handler
from services.parser.settings import ParserSettings

SOURCE = "/reqstream/parser"


class RawEmailProcessor:
    def __init__(self, *, sessions: sessionmaker[Session] | None) -> None:
        self._sessions = sessions
        self._codec = get_codec(Topic.EMAIL_RAW)

    async def __call__(self, msg: Message) -> Sequence[Outbound]:
        try:
            message = self._codec.decode(msg.value())
        except ValidationError as exc:
            raise InvalidMessage(str(exc)) from exc
        assert isinstance(message, RawEmail)
        raw = await self.raw_bytes(message)
        parsed = handler.handle_raw_email(message, raw)
        return [
            Outbound.of(Topic.EMAIL_PARSED, parsed, key=str(message.integration_id), source=SOURCE)
        ]

    async def raw_bytes(self, message: RawEmail) -> bytes:
        if message.raw_b64 is not None:
            try:
                return base64.b64decode(message.raw_b64, validate=True)
            except binascii.Error as exc:
                raise InvalidMessage(f"raw_b64 is not valid base64: {exc}") from exc
        if message.raw_ref is not None and self._sessions is not None:
            raw = await asyncio.to_thread(self._load_blob, message.raw_ref)
            if raw is None:
                raise InvalidMessage(f"raw_ref {message.raw_ref} not found in raw_email_blobs")
            return raw
        raise InvalidMessage("email.raw carries neither raw_b64 nor a resolvable raw_ref")

    def _load_blob(self, key: str) -> bytes | None:
        assert self._sessions is not None
        with transaction(self._sessions) as session:
            return repo.load_raw_blob(session, key=key)


def build(settings: ParserSettings) -> tuple[AsyncRunner, Callable[[], None]]:
    engine = build_engine(settings.database_url, pool_size=2)
    consumer = Consumer(
        build_consumer_config(
            bootstrap=settings.kafka_bootstrap_servers,
            group_id=settings.group_id,
            client_id=settings.client_id,
        )
    )
    producer = Producer(
        build_producer_config(
            bootstrap=settings.kafka_bootstrap_servers, client_id=settings.client_id
        )
    )
    runner = AsyncRunner(
        consumer=consumer,
        producer=producer,
        topics=[Topic.EMAIL_RAW],
        process=RawEmailProcessor(sessions=build_sessionmaker(engine)),
        stage="parser",
        max_in_flight=settings.max_in_flight,
        health=HealthFile(settings.health_file),
    )
    return runner, engine.dispose
