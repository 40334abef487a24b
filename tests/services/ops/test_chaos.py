"""The chaos routine, short: kills, a broker restart and poison while six mailboxes drain, with
the same requirement from several vendors and the same messages in several mailboxes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.contracts.codec import ValidationError, get_codec
from services.cli.settings import process_environment
from services.demo.processes import STOP_TIMEOUT
from services.domain.duplicate_scores import pair_scores
from services.domain.requirements import group_duplicates, profile, vendor_domain
from services.infra.kafka_native import FORMAT_TIMEOUT, READY_TIMEOUT
from services.infra.settings import InfraSettings
from services.infra.stack import Infra, start_infra, stop_infra
from services.ops.chaos import (
    BrokerControl,
    ChaosOptions,
    ChaosReport,
    expected_for_mailbox,
    run_chaos,
)
from services.ops.chaos.fleet import generate_mailboxes, split_emails
from services.ops.chaos.killer import SETTLE_TIMEOUT
from services.ops.chaos.ledger import IntegrationResult
from services.ops.chaos.options import tenant_candidates
from services.ops.chaos.poison import POISON_HEADER, POISON_KINDS, UNKNOWN_ID, build_poison
from services.ops.chaos.probe import SCAN_TIMEOUT
from services.ops.chaos.sightings import TenantResult
from services.ops.mailbox_gen import ROLE_KEYWORDS, generate_mailbox
from services.ops.vendor_copies import MAX_CLUSTERS, vendor_copies
from services.parser.decoding import decode_email
from services.parser.rules import extract

# the end-to-end run's own budget (ChaosOptions.timeout: from its start until the pipeline is
# idle), and what may still follow its deadline: the last restarts, stopping the services and
# the two scans of the run's topics (dead letters, redeliveries). pytest's timeout covers both,
# so a slow run fails with the run's report instead of a pytest-timeout traceback.
CHAOS_BUDGET_S = 600.0
SENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
AFTER_DEADLINE_S = SETTLE_TIMEOUT + STOP_TIMEOUT + 2 * SCAN_TIMEOUT + 30.0


def test_expectation_is_the_offline_pipeline(tmp_path: Path) -> None:
    emails = generate_mailbox(tmp_path, count=40, seed=2, tag="x")
    expected = expected_for_mailbox(tmp_path, roles=[ROLE_KEYWORDS])
    assert set(expected.jobs) == {e.message_id for e in emails if e.matching}
    assert expected.generated == 40
    assert sum(expected.jobs.values()) > 0


def test_a_tenant_lacking_a_role_selects_fewer_emails(tmp_path: Path) -> None:
    generate_mailbox(tmp_path, count=60, seed=2, tag="x")
    every_role = expected_for_mailbox(tmp_path, roles=tenant_candidates(0).values())
    fewer_roles = expected_for_mailbox(tmp_path, roles=tenant_candidates(1).values())
    assert set(fewer_roles.jobs) < set(every_role.jobs)


def test_emails_are_split_evenly() -> None:
    assert split_emails(500, 6) == [84, 84, 83, 83, 83, 83]
    assert sum(split_emails(7, 3)) == 7


def test_each_poison_is_marked_and_keyed_as_the_runs() -> None:
    poison = [build_poison("run1", n) for n in range(len(POISON_KINDS))]
    assert {p.topic for p in poison} == {topic for _, topic, _ in POISON_KINDS}
    for n, message in enumerate(poison):
        assert (POISON_HEADER, f"run1:{n}".encode()) in message.headers
        assert message.key == f"chaos-poison-run1-{n}"


@pytest.mark.parametrize("n", range(len(POISON_KINDS)))
def test_poison_is_bad_data_or_names_no_known_integration(n: int) -> None:
    message = build_poison("run1", n)
    kind = POISON_KINDS[n][0]
    if kind in {"schema_invalid", "undecodable"}:
        with pytest.raises(ValidationError):
            get_codec(message.topic).decode(message.value)
    else:  # valid, but the consumer finds no such integration or tenant
        decoded = get_codec(message.topic).decode(message.value)
        assert getattr(decoded, "integration_id", 0) >= UNKNOWN_ID


def test_an_external_broker_is_not_restarted_and_says_why() -> None:
    external = Infra("127.0.0.1:9092", "postgresql://x", kafka_kind="env", database_kind="env")
    assert "KAFKA_BOOTSTRAP_SERVERS" in (BrokerControl(external).skipped_reason or "")
    report = passing_report(ChaosOptions(kills=0, broker_restarts=1, poison=0))
    report.broker_restart_skipped = "external"
    figures = report.to_json()
    assert figures["broker_restarts"] == 0 and figures["broker_restart_skipped"] == "external"
    assert report.ok, report.failures


def test_missing_or_foreign_dead_letters_fail_the_run() -> None:
    report = passing_report(ChaosOptions(kills=0, broker_restarts=0, poison=2))
    report.poison_injected = 2
    report.dead_letters.poison.update({"run:0": 1, "run:1": 2})  # one copy after a kill
    assert report.ok and report.dead_lettered == 2, report.failures
    report.dead_letters.other = 1
    assert report.failures == ["1 genuine message(s) dead-lettered"]
    report.dead_letters.other = 0
    del report.dead_letters.poison["run:1"]
    assert report.failures == ["dead-lettered 1 != poison injected 2"]


def passing_report(options: ChaosOptions) -> ChaosReport:
    """Ten emails, eight jobs, all in place: every check passes."""
    one = IntegrationResult(
        integration_id=1,
        tenant_id=1,
        expected_emails=10,
        recorded=10,
        ledger_rows=10,
        lost=0,
        unexpected=0,
        jobs_expected=8,
        jobs=8,
        duplicate_jobs=0,
        job_mismatches=0,
        emails_processed_count=10,
        jobs_created_count=8,
    )
    tenant = TenantResult(
        tenant_id=1,
        expected_sightings=8,
        sightings=8,
        lost_sightings=0,
        duplicate_sightings=0,
        shared_messages=1,
        shared_job_mismatches=0,
        vendor_copy_requirements=2,
        duplicate_requirements=0,
        merged_requirements=0,
    )
    return ChaosReport(
        options,
        emails_in=10,
        jobs_expected=8,
        idle=True,
        per_integration=[one],
        per_tenant=[tenant],
    )


def test_a_requirement_split_in_two_or_a_lost_sighting_fails_the_run() -> None:
    report = passing_report(ChaosOptions(kills=0, broker_restarts=0, poison=0))
    assert report.ok, report.failures
    [tenant] = report.per_tenant
    report.per_tenant = [replace(tenant, duplicate_requirements=1, lost_sightings=2)]
    figures = report.to_json()
    assert (figures["duplicate_requirements"], figures["lost_sightings"]) == (1, 2)
    assert report.failures == [
        "2 expected sighting(s) missing",
        "1 duplicate requirement(s) of vendor copies",
    ]


def test_vendor_copies_are_one_requirement_each_offline(tmp_path: Path) -> None:
    """What the run's duplicate_requirements relies on: the offline extractor and the
    jobwriter's matching rules make each requirement's copies (other vendors, layouts,
    wording, rates, job ids) one group, and keep the requirements apart."""
    copies = vendor_copies(clusters=MAX_CLUSTERS, copies=4, seed=5, sent=SENT)
    profiles, clusters = [], []
    for copy in copies:
        assert copy.email.matching, copy.email.subject
        [job] = extract(decode_email(copy.raw)).jobs
        profiles.append(profile(job))
        clusters.append(copy.cluster)
    scores = pair_scores(group_duplicates(profiles), clusters)
    assert (scores.precision, scores.recall) == (1.0, 1.0)
    assert len({vendor_domain(c.raw.decode().split("From: ")[1]) for c in copies}) == 4


def test_a_blast_reaches_every_mailbox_of_each_tenant(tmp_path: Path) -> None:
    options = ChaosOptions(emails=12, tenants=2, integrations_per_tenant=2, vendor_requirements=3)
    fleet = generate_mailboxes(options, tmp_path, sent=SENT)
    assert len(fleet.copy_clusters) == 9 and set(fleet.copy_clusters.values()) == {
        "r00",
        "r01",
        "r02",
    }
    for tenant in range(2):
        boxes = [m for m in fleet.mailboxes if m.tenant_index == tenant]
        per_box = [{p.name for p in m.path.glob("copy_*.eml")} for m in boxes]
        blasts = set.intersection(*per_box)
        assert len(blasts) == 3  # the first copy of each requirement, in both mailboxes
        assert sum(len(names) for names in per_box) == 3 * 2 + 6


@pytest.fixture
def chaos_infra(infra: Infra) -> Iterator[Infra]:
    """The session's database with a Kafka broker of the run's own, on free ports: the session
    pipeline's consumers (other groups on the same topics) never see the run's traffic, and the
    run's broker restart disturbs no later test. An external Kafka (KAFKA_BOOTSTRAP_SERVERS) is
    used as it is, its restart skipped as "external"."""
    if infra.kafka_kind == "env":
        yield infra
        return
    # the session's database as an "env" one (not stopped with it), Kafka native from the jars
    own_kafka = InfraSettings(DATABASE_URL=infra.database_url, TESTS_USE_DOCKER="never")
    own = start_infra(pdeathsig=True, settings=own_kafka)
    try:
        yield own
    finally:
        stop_infra(own)  # the restarted broker: BrokerControl keeps own.kafka_handle on it


@pytest.mark.kafka
@pytest.mark.e2e
@pytest.mark.timeout(FORMAT_TIMEOUT + READY_TIMEOUT + CHAOS_BUDGET_S + AFTER_DEADLINE_S)
def test_kills_broker_restart_and_poison_lose_and_duplicate_nothing(
    chaos_infra: Infra, tmp_path: Path
) -> None:
    # its own service group and consumer groups on its own broker (see chaos_infra)
    options = ChaosOptions(
        emails=500, kills=5, broker_restarts=1, poison=6, seed=3, timeout=CHAOS_BUDGET_S
    )
    report = run_chaos(
        kafka_bootstrap=chaos_infra.kafka_bootstrap,
        database_url=chaos_infra.database_url,
        work_dir=tmp_path,
        base_env=process_environment(),
        options=options,
        broker=BrokerControl(chaos_infra),
    )
    figures = report.to_json()
    summary = json.dumps(figures, indent=2)
    assert report.ok, summary
    assert figures["emails_in"] > 300  # most of the 500 match a tenant's roles
    assert figures["processed_records"] == figures["emails_in"], summary
    assert figures["lost"] == 0, summary
    assert figures["duplicate_jobs"] == 0, summary
    assert figures["jobs"] == report.jobs_expected > 0, summary
    assert figures["dead_lettered"] == figures["poison_injected"] == 6, summary
    assert figures["dead_lettered_other"] == 0, summary
    # one requirement per vendor-copied requirement, every sighting there, no message taken
    # for jobs twice in one tenant
    assert figures["duplicate_requirements"] == 0, summary
    assert figures["lost_sightings"] == 0, summary
    assert figures["sightings"] == figures["expected_sightings"] == figures["jobs"], summary
    assert figures["vendor_copy_requirements"] >= 3 * 3, summary  # tenants 1, 2 lack a role
    assert figures["shared_messages"] >= 3 * 3, summary
    assert figures["replicas"]["jobwriter"] == 2, summary
    assert figures["kills"] == 5, summary
    external = chaos_infra.kafka_kind == "env"
    assert figures["broker_restarts"] == (0 if external else 1), summary
    assert figures["tenants"] == 3 and figures["integrations"] == 6, summary
    assert report.counters_consistent, summary
