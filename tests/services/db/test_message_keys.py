"""The jobwriter's batch checks (services.db.message_keys.look_up): the same-message lookup and
the integrations' owners in one statement, with the batch's locks ahead of it. Real
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.db import message_keys
from services.db.session import transaction
from services.domain.messages import message_key
from services.jobwriter.store import SqlJobwriterStore, sql_stores
from services.jobwriter.usecase import Jobwriter
from tests.pipeline_fixtures import new_tenant
from tests.services.db.test_advisory_locks import held_locks, key
from tests.services.db.test_dbapi import round_trips
from tests.services.jobwriter.test_same_message import blast, second_mailbox

pytestmark = pytest.mark.postgres

UNKNOWN = 2_000_000_000  # no integration has this id


def owners_queried(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    """The owners as their own query read them before the fold."""
    rows = session.execute(
        text("SELECT id, tenant_id, user_id FROM email_integrations WHERE id = ANY(:ids)"),
        {"ids": ids},
    )
    return {integration: (tenant, user) for integration, tenant, user in rows}


def test_the_owners_ride_the_same_message_lookup(sessions: sessionmaker[Session]) -> None:
    """One round trip for the locks, the lookup and the owners: the owners as their own
    query reads them, the lookup's answer as without them."""
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    other = new_tenant(sessions, mailbox=None, roles=["java"])
    mailbox = second_mailbox(sessions, ids)
    Jobwriter(stores=sql_stores(sessions)).apply_parsed_batch([blast(ids, "m-1")])
    again = blast(mailbox, "m-2")  # the same message in the tenant's second mailbox
    asked = [ids.integration_id, mailbox.integration_id, other.integration_id, UNKNOWN]
    with transaction(sessions) as session:
        sent = round_trips(session)
        found = message_keys.look_up(session, emails=[again], owners_of=asked)
        assert len(sent) == 1 and "pg_advisory_xact_lock" in sent[0]
        assert found.owners == owners_queried(session, asked)
        assert set(found.owners) == set(asked) - {UNKNOWN}
        assert found.seen == {(mailbox.integration_id, "m-2")}
        assert found.seen == message_keys.seen_in_other_mailboxes(session, emails=[again])
        blast_key = message_key(again.message_id, again.body_digest)
        assert key(ids.tenant_id, f"msg|{blast_key}") in held_locks(session)


def test_a_batch_without_jobs_reads_its_owners_in_one_round_trip(
    sessions: sessionmaker[Session],
) -> None:
    ids = new_tenant(sessions, mailbox=None, roles=["java"])
    with transaction(sessions) as session:
        sent = round_trips(session)
        owners, seen = SqlJobwriterStore(session).checks([blast(ids, "m-1")], with_jobs=[])
        assert len(sent) == 1
        assert owners == {ids.integration_id: (ids.tenant_id, ids.user_id)}
        assert seen == set()
