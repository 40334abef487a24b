"""Session fixtures for real Kafka and PostgreSQL.

Lazy: servers start only when a test asks for ``infra``, ``kafka_bootstrap`` or ``database_url``,
once per session (env vars → Docker → native, see services.infra.stack), and are stopped at the
end, also after Ctrl-C. The native servers get a parent-death signal, so a killed pytest does not
leave them running.
"""

from collections.abc import Iterator

import pytest

from services.infra.stack import Infra, start_infra, stop_infra


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    started = start_infra(pdeathsig=True)
    try:
        yield started
    finally:
        stop_infra(started)


@pytest.fixture(scope="session")
def kafka_bootstrap(infra: Infra) -> str:
    return infra.kafka_bootstrap


@pytest.fixture(scope="session")
def database_url(infra: Infra) -> str:
    """SQLAlchemy URL of the session database (fresh ``…/reqstream`` unless DATABASE_URL is set)."""
    return infra.database_url


# topics, migrated database and the four service processes for pipeline tests
# fixture modules that others import go first, so pytest can still rewrite their asserts
pytest_plugins = [
    "tests.providers.gmail_server",
    "tests.providers.dovecot",
    "tests.providers.openai_server",
    "tests.pipeline_fixtures",
]
