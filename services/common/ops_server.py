"""Operations endpoints of every process: one implementation of the three answers, served by a
small HTTP server in a daemon thread (consumers) or by FastAPI routes (``ops_http``).

GET /healthz: 200 while the process works, 503 once it stopped on a failure (a consumer whose
dead-letter breaker tripped). GET /readyz: 200 when every readiness check passes (Kafka answers
metadata, the database answers SELECT 1, the consumer holds partitions), else 503; the body
names each check (null: not configured). GET /metrics: the Prometheus text exposition.
Readiness checks are injected callables: this runtime layer knows no database.
"""

from __future__ import annotations

import errno
import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import choose_encoder

from services.common.settings import ServiceSettings

__all__ = [
    "Check",
    "OpsServer",
    "Probes",
    "Reply",
    "kafka_check",
    "serve_consumer_ops",
    "start_ops_server",
]

log = logging.getLogger(__name__)

Check = Callable[[], bool]
CHECK_TIMEOUT = 2.0  # seconds per Kafka metadata request
JSON = "application/json"


def kafka_check(bootstrap: str, *, timeout: float = CHECK_TIMEOUT) -> Check:
    admin = AdminClient({"bootstrap.servers": bootstrap})

    def check() -> bool:
        try:
            admin.list_topics(timeout=timeout)
        except KafkaException:
            return False
        return True

    return check


@dataclass(frozen=True)
class Reply:
    status: HTTPStatus
    body: bytes
    content_type: str = JSON


class Probes:
    """The answers of /healthz, /readyz and /metrics; ``None`` for a check not configured."""

    def __init__(
        self,
        checks: Mapping[str, Check | None] | None = None,
        *,
        live: Check = lambda: True,
        registry: CollectorRegistry = REGISTRY,
    ) -> None:
        self._checks = dict(checks or {})
        self._live = live
        self._registry = registry

    def healthz(self) -> Reply:
        if self._live():
            return Reply(HTTPStatus.OK, b'{"status":"ok"}')
        return Reply(HTTPStatus.SERVICE_UNAVAILABLE, b'{"status":"stopped"}')

    def readyz(self) -> Reply:
        results = self.run_checks()
        ready = all(ok is not False for ok in results.values())
        status = HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE
        return Reply(status, json.dumps(results).encode())

    def metrics(self, accept: str = "") -> Reply:
        """Prometheus text, or OpenMetrics when the scraper's Accept header asks for it."""
        encode, content_type = choose_encoder(accept)
        return Reply(HTTPStatus.OK, encode(self._registry), content_type)

    def reply(self, path: str, accept: str = "") -> Reply:
        route = path.split("?", 1)[0]
        if route == "/healthz":
            return self.healthz()
        if route == "/readyz":
            return self.readyz()
        if route == "/metrics":
            return self.metrics(accept)
        return Reply(HTTPStatus.NOT_FOUND, b'{"detail":"not found"}')

    def run_checks(self) -> dict[str, bool | None]:
        results: dict[str, bool | None] = {}
        for name, check in self._checks.items():
            if check is None:
                results[name] = None
                continue
            try:
                results[name] = check()
            except Exception:  # noqa: BLE001  (a failing probe means not ready, not a crash)
                log.exception("readiness check %s failed", name)
                results[name] = False
        return results


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        reply = self.server.probes.reply(self.path, self.headers.get("Accept", ""))
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (stdlib signature)
        log.debug("ops %s", format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], probes: Probes) -> None:
        super().__init__(address, _Handler)
        self.probes = probes


class OpsServer:
    """Serves /healthz, /readyz and /metrics on ``host:port`` (port 0: an ephemeral port)."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        checks: Mapping[str, Check | None],
        live: Check = lambda: True,
        registry: CollectorRegistry = REGISTRY,
    ) -> None:
        self._server = _Server((host, port), Probes(checks, live=live, registry=registry))
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="ops-http", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> OpsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> OpsServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_ops_server(
    *,
    host: str,
    port: int,
    checks: Mapping[str, Check | None],
    service: str,
    live: Check = lambda: True,
) -> OpsServer | None:
    """Start the ops server on the configured port; 0 disables it. A port already taken (a
    second replica on one host with the same environment) falls back to an ephemeral port,
    logged, rather than failing the consumer."""
    if port == 0:
        return None
    try:
        server = OpsServer(host=host, port=port, checks=checks, live=live)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        server = OpsServer(host=host, port=0, checks=checks, live=live)
        log.warning("%s: ops port %d in use; serving on %d instead", service, port, server.port)
    log.info("%s: ops endpoints on http://%s:%d", service, host, server.port)
    return server.start()


def serve_consumer_ops(
    settings: ServiceSettings, *, service: str, checks: Mapping[str, Check], live: Check
) -> Callable[[], None]:
    """The ops server of a consumer process, ready when Kafka answers and every injected
    check passes; returns what stops it."""
    if settings.ops_port == 0:
        return lambda: None
    server = start_ops_server(
        host=settings.ops_host,
        port=settings.ops_port,
        checks={"kafka": kafka_check(settings.kafka_bootstrap_servers), **checks},
        service=service,
        live=live,
    )
    return server.stop if server is not None else lambda: None
