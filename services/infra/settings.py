"""Environment for the infra package; the only module here that reads it."""

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
KAFKA_DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
DEFAULT_STATE_DIR = REPO_ROOT / ".reqstream"


class InfraSettings(BaseSettings):
    """Where Kafka and PostgreSQL come from, and how the native ones are run."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    # Given → used as is; neither Docker nor a native server is started for that component.
    KAFKA_BOOTSTRAP_SERVERS: str | None = None
    DATABASE_URL: str | None = None
    # "never" skips the Docker probe entirely (e.g. a CI runner with a slow or broken socket).
    TESTS_USE_DOCKER: Literal["auto", "never"] = "auto"
    KEEP_TEST_KAFKA_DIR: bool = False
    PG_BINDIR: Path | None = None
    KAFKA_LIBS_DIR: Path = KAFKA_DEPLOY_DIR / "target" / "kafka-libs"
    KAFKA_LOG4J_CONFIG: Path = KAFKA_DEPLOY_DIR / "log4j2.properties"
