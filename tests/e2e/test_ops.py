"""Every service process serves /healthz, /readyz and /metrics; readiness follows the database."""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from contextlib import closing, suppress
from pathlib import Path

import httpx
import pytest
from confluent_kafka import Consumer, TopicPartition
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from schemas.contracts.topics import Topic
from services.demo.processes import ServiceGroup
from services.demo.run import (
    SAMPLE_MAILBOX,
    free_port,
    ops_urls,
    trigger_sync,
    wait_for_run,
)
from services.demo.seed import DEMO_CANDIDATES
from tests.pipeline_fixtures import new_tenant
from tests.waiting import wait_until

pytestmark = [pytest.mark.kafka, pytest.mark.e2e]
Pipeline = tuple[ServiceGroup, str]
ROLES = [role for roles in DEMO_CANDIDATES.values() for role in roles]
OPS_LINE = re.compile(r"ops endpoints on (http://[0-9.]+:\d+)")


def status(url: str) -> int:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.HTTPError:
        return 0


def replica_urls(group: ServiceGroup) -> dict[str, str]:
    """Ops URL of every running consumer replica, as each logged it (a second replica on one
    host falls back to an ephemeral port)."""
    urls: dict[str, str] = {}
    for sp in group.processes:
        found = OPS_LINE.findall(sp.log_path.read_text(errors="replace"))
        if found:
            urls[sp.name] = found[-1]
    return urls


def counter(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def test_every_service_is_alive_ready_and_counts_a_sync(
    pipeline: Pipeline, sessions: sessionmaker[Session]
) -> None:
    group, base_url = pipeline
    urls = ops_urls(group.env)
    assert set(urls) == {"scheduler", "fetcher", "parser", "jobwriter", "api"}
    for url in urls.values():
        # the fixture waits for the scheduler only; a consumer may still be starting
        wait_until(lambda u=url: status(f"{u}/healthz") == 200)  # type: ignore[misc]  # bound default
        wait_until(lambda u=url: status(f"{u}/readyz") == 200)  # type: ignore[misc]  # bound default
    wait_until(lambda: len(replica_urls(group)) == 4)  # fetcher-0, fetcher-1, parser, jobwriter

    ids = new_tenant(sessions, mailbox=SAMPLE_MAILBOX, roles=ROLES)
    run = wait_for_run(
        sessions,
        trigger_sync(base_url, integration_id=ids.integration_id, api_key=ids.api_key),
        check_alive=group.check_alive,
    )
    assert run.status == "success"

    def scrape(names: list[str]) -> str:
        return "\n".join(httpx.get(f"{u}/metrics", timeout=5).text for u in names)

    replicas = replica_urls(group)
    fetchers = scrape([u for n, u in replicas.items() if n.startswith("fetcher")])
    parser = scrape([replicas["parser-0"]])
    jobwriter = scrape([replicas["jobwriter-0"]])
    api = scrape([urls["api"]])  # the manual trigger (the scheduler's cron is off here)
    sync_topic, raw, parsed = (
        Topic.EMAIL_SYNC_REQUESTED.value,
        Topic.EMAIL_RAW.value,
        Topic.EMAIL_PARSED.value,
    )
    consumed, produced = "reqstream_messages_consumed_total", "reqstream_messages_produced_total"
    assert counter(api, produced, service="api", topic=sync_topic) >= 1
    assert counter(fetchers, consumed, service="fetcher", topic=sync_topic) >= 1
    assert counter(fetchers, produced, service="fetcher", topic=raw) >= 1
    assert counter(fetchers, "reqstream_syncs_total", outcome="published") >= 1
    assert counter(parser, consumed, service="parser", topic=raw) >= 1
    assert counter(parser, produced, service="parser", topic=parsed) >= 1
    assert counter(jobwriter, consumed, service="jobwriter", topic=parsed) >= 1
    assert counter(jobwriter, "reqstream_emails_total", result="job_created") >= 1
    assert counter(jobwriter, "reqstream_jobs_created_total", tenant=str(ids.tenant_id)) >= 1
    assert counter(jobwriter, "reqstream_freshness_seconds_count", tenant=str(ids.tenant_id)) >= 1


class TcpProxy:
    """Forwards a local port to the real database; closing it makes the database unreachable
    to whoever connects through it, without touching the shared server."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", port))
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with suppress(OSError):
            dst.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        # shutdown wakes the thread blocked in accept(); close alone would keep it listening
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def start_at_end(bootstrap: str, group_id: str, topics: list[Topic]) -> None:
    """Commit the group's offsets at the end of its topics, so the probe process consumes
    nothing that the shared pipeline already handled."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group_id})
    try:
        offsets = []
        for topic in topics:
            metadata = consumer.list_topics(topic.value, timeout=10).topics[topic.value]
            for partition in metadata.partitions:
                _, high = consumer.get_watermark_offsets(
                    TopicPartition(topic.value, partition), timeout=10
                )
                offsets.append(TopicPartition(topic.value, partition, high))
        consumer.commit(offsets=offsets, asynchronous=False)
    finally:
        consumer.close()


def readiness(url: str) -> tuple[int, dict[str, bool]]:
    try:
        response = httpx.get(f"{url}/readyz", timeout=10)
    except httpx.HTTPError:
        return 0, {}
    return response.status_code, json.loads(response.text)


def test_readiness_follows_the_database(
    pipeline: Pipeline, prepared: tuple[str, str], tmp_path: Path
) -> None:
    group, _ = pipeline
    bootstrap, database_url = prepared
    real = make_url(database_url)
    proxy_port, ops_port = free_port(), free_port()
    probe_url = real.set(host="127.0.0.1", port=proxy_port).render_as_string(hide_password=False)
    group_id = f"test-ops-{uuid.uuid4().hex[:8]}"
    start_at_end(bootstrap, group_id, [Topic.EMAIL_PARSED, Topic.INTEGRATION_ERROR])
    probe = ServiceGroup(env=dict(group.env), log_dir=tmp_path)
    probe.start(
        "jobwriter",
        extra_env={
            "DATABASE_URL": probe_url,  # nothing listens there yet
            "JOBWRITER_GROUP_ID": group_id,
            "JOBWRITER_CLIENT_ID": group_id,
            "JOBWRITER_OPS_PORT": str(ops_port),
        },
    )
    url = f"http://127.0.0.1:{ops_port}"
    proxy: TcpProxy | None = None
    try:

        def alive() -> bool:
            probe.check_alive()
            return status(f"{url}/healthz") == 200

        wait_until(alive)
        # Kafka answers and partitions are assigned, but the database does not
        unready = (503, {"kafka": True, "database": False, "assigned": True})
        wait_until(lambda: readiness(url) == unready)

        proxy = TcpProxy(proxy_port, (real.host or "127.0.0.1", real.port or 5432))
        wait_until(lambda: readiness(url) == (200, dict.fromkeys(unready[1], True)))

        proxy.close()
        proxy = None
        wait_until(lambda: readiness(url) == unready)
        assert status(f"{url}/healthz") == 200
        probe.check_alive()
    finally:
        if proxy is not None:
            proxy.close()
        probe.stop()


def test_ports_in_use_are_distinct(pipeline: Pipeline) -> None:
    group, _ = pipeline
    ports = [int(u.rsplit(":", 1)[1]) for u in ops_urls(group.env).values()]
    assert len(set(ports)) == len(ports)
    for port in ports:
        with closing(socket.socket()) as sock:
            assert sock.connect_ex(("127.0.0.1", port)) == 0
