"""Session fixtures for real Kafka and PostgreSQL.

Lazy: servers start only when a test asks for ``infra``, ``kafka_bootstrap`` or ``database_url``,
once per session (env vars → Docker → native, see services.infra.stack), and are stopped at the
end, also after Ctrl-C. The native servers get a parent-death signal, so a killed pytest does not
leave them running.
"""

from collections.abc import Iterator

import pytest
from hypothesis import settings

from services.infra.stack import Infra, start_infra, stop_infra

# Property tests run the same examples on every run unless asked otherwise: a CI failure must
# reproduce, not depend on a random seed. `pytest --hypothesis-profile=explore` searches anew.
# No deadline: a test asserts no wall-clock time, and a loaded machine made a deadline flaky.
# `ci` runs a share of the big exactness properties' examples, `full` all (tests/properties.py).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("full", derandomize=True, database=None, print_blob=True, deadline=None)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile("ci")

# fixtures that start a server, and the markers that let `-m` (e.g. `make test-fast`) leave out
# every test that uses one
SERVER_FIXTURES: dict[str, frozenset[str]] = {
    "infra": frozenset({"kafka", "postgres"}),
    "dovecot": frozenset({"imap"}),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a test that uses a server fixture without that server's marker."""
    unmarked = [
        f"{item.nodeid} uses the {fixture!r} fixture without the "
        f"{' or '.join(sorted(markers))} marker"
        for item in items
        for fixture, markers in SERVER_FIXTURES.items()
        if fixture in getattr(item, "fixturenames", ())
        and not markers & {mark.name for mark in item.iter_markers()}
    ]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


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
    "tests.providers.microsoft",
    "tests.providers.openai_server",
    "tests.pipeline_fixtures",
]
