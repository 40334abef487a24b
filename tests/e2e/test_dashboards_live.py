"""Every Grafana panel shows real data: a real Prometheus scrapes the running services and the
lag exporter after real traffic, then every panel's PromQL must return a result."""

from __future__ import annotations

import base64
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from confluent_kafka import Producer
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.models import Provider, RawEmail, SyncRequested
from schemas.contracts.topics import Topic
from services.common.kafka import Outbound, ProducerGateway, build_producer_config
from services.db.models import EmailIntegration
from services.db.session import transaction
from services.demo.processes import ServiceGroup
from services.demo.run import SAMPLE_MAILBOX, free_port, ops_urls, trigger_sync, wait_for_run
from tests.deploy.test_dashboards import load_dashboard, query_panels
from tests.deploy.test_prometheus import ScrapeTarget, lag_exporter, run_dashboard_queries
from tests.e2e.test_ops import replica_urls, start_at_end
from tests.pipeline_fixtures import RATE_LIMIT, new_tenant
from tests.providers.openai_server import Reply, running_fake_openai

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
__all__ = ["lag_exporter"]  # a fixture, used by name
REQUIREMENT = (
    "Message-ID: <{mid}>\r\nSubject: Java Developer\r\nContent-Type: text/plain\r\n\r\n"
    "Hi,\nPlease find the requirement below.\n\nRole: Java Developer\nLocation: Dallas, TX\n"
    "Duration: 6 months\nRate: $60/hr C2C\n"
)


def address(url: str) -> str:
    return url.removeprefix("http://")


def test_every_panel_returns_data_from_the_running_pipeline(
    pipeline: tuple[ServiceGroup, str],
    sessions: sessionmaker[Session],
    kafka_bootstrap: str,
    lag_exporter: ScrapeTarget,  # noqa: F811
    tmp_path: Path,
) -> None:
    group, base_url = pipeline
    gateway = ProducerGateway(
        Producer(build_producer_config(bootstrap=kafka_bootstrap, client_id="dashboards"))
    )
    # syncs, emails by result, jobs, freshness, throughput
    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=["Java Developer"])
    sync = trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key)
    wait_for_run(sessions, sync, check_alive=group.check_alive)
    # connection health: a maildir stores no cursor, so one stands for a mailbox provider's
    with transaction(sessions) as session:
        cursored = session.get(EmailIntegration, ids.integration_id)
        assert cursored is not None
        cursored.cursor_updated_at = datetime.now(UTC)
    # errors and dead letters
    gateway.send([Outbound(Topic.EMAIL_RAW, f"poison-{uuid.uuid4().hex}", b"{not json")])
    # retries: more sync requests at once than the rate limit lets start
    tmp_path.chmod(0o755)
    burst = [new_tenant(sessions, mailbox=tmp_path, roles=["x"]) for _ in range(RATE_LIMIT + 5)]
    gateway.send(
        Outbound.of(
            Topic.EMAIL_SYNC_REQUESTED,
            SyncRequested(
                sync_id=uuid.uuid4(),
                integration_id=t.integration_id,
                user_id=t.user_id,
                tenant_id=t.tenant_id,
                provider=Provider.MAILDIR,
                requested_at=datetime.now(UTC),
            ),
            key=str(t.integration_id),
            source="/test",
        )
        for t in burst
    )
    with running_fake_openai() as model:
        model.default = Reply.answer(
            {
                "is_job": True,
                "category": "requirement",
                "confidence": 0.9,
                "jobs": [{"title": "Java Developer"}],
            }
        )
        # LLM calls and tokens: a hybrid parser beside the offline one
        group_id = f"parser-llm-{uuid.uuid4().hex[:8]}"
        start_at_end(kafka_bootstrap, group_id, [Topic.EMAIL_RAW])
        llm_parsers = ServiceGroup(
            env={
                **group.env,
                "PARSER_GROUP_ID": group_id,
                "PARSER_EXTRACTOR": "hybrid",
                "PARSER_OPENAI_BASE_URL": model.url,
                "PARSER_OPENAI_API_KEY": "sk-test-local",
                "PARSER_OPS_PORT": str(free_port()),
            },
            log_dir=tmp_path / "llm",
        )
        with llm_parsers:
            llm_parsers.start("parser")
            mid = f"dash-{uuid.uuid4().hex}@vendor.example.com"
            raw = REQUIREMENT.format(mid=mid).encode()
            gateway.send(
                [
                    Outbound.of(
                        Topic.EMAIL_RAW,
                        RawEmail(
                            sync_id=uuid.uuid4(),
                            integration_id=ids.integration_id,
                            user_id=ids.user_id,
                            tenant_id=ids.tenant_id,
                            provider=Provider.MAILDIR,
                            provider_message_id=mid,
                            raw_size=len(raw),
                            raw_b64=base64.b64encode(raw).decode(),
                        ),
                        key=str(ids.integration_id),
                        source="/test",
                    )
                ]
            )
            deadline = time.monotonic() + 60
            while not model.requests or len(replica_urls(llm_parsers)) < 1:
                llm_parsers.check_alive()
                assert time.monotonic() < deadline, "the hybrid parser made no model call"
                time.sleep(0.1)
            targets = [
                lag_exporter,
                ScrapeTarget("scheduler", address(ops_urls(group.env)["scheduler"])),
                ScrapeTarget("api", address(base_url)),  # the pipeline's trigger URL
            ]
            targets += [
                ScrapeTarget(name.split("-")[0], address(url))
                for name, url in replica_urls(group).items()
            ]
            targets += [
                ScrapeTarget("parser", address(url)) for url in replica_urls(llm_parsers).values()
            ]
            results = run_dashboard_queries(targets, tmp_path / "prometheus", timeout=90)
    panels = query_panels(load_dashboard())
    assert len(results) == sum(len(panel["targets"]) for panel in panels)
    assert all(results.values())
