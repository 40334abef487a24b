"""The API's settings for an app on the test database (Kafka only where a test gives it), and the
header that carries a seeded tenant's API key."""

from __future__ import annotations

from cryptography.fernet import Fernet

from services.api.settings import ApiSettings
from services.demo.seed import DemoIds

KEY = Fernet.generate_key().decode()


def api_settings(database_url: str, *, kafka: str | None = None) -> ApiSettings:
    return ApiSettings(
        database_url=database_url,
        token_encryption_keys=KEY,
        environment="test",
        kafka_bootstrap_servers=kafka,
    )


def headers(ids: DemoIds) -> dict[str, str]:
    return {"X-API-Key": ids.api_key}
