"""Operations endpoints for consumer processes, on a small HTTP server in a daemon thread.

GET /healthz: 200 while the process runs. GET /readyz: 200 when every readiness check passes
(Kafka answers metadata, the database answers SELECT 1, the consumer holds partitions), else
503; the body names each check. GET /metrics: the Prometheus text exposition.
"""

from __future__ import annotations

import errno
import json
import logging
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from services.common.metrics import render
from services.common.settings import ServiceSettings
from services.db.session import normalise_url

__all__ = [
    "Check",
    "OpsServer",
    "database_check",
    "kafka_check",
    "serve_consumer_ops",
    "start_ops_server",
]

log = logging.getLogger(__name__)

Check = Callable[[], bool]
CHECK_TIMEOUT = 2.0  # seconds per Kafka metadata request


def kafka_check(bootstrap: str, *, timeout: float = CHECK_TIMEOUT) -> Check:
    admin = AdminClient({"bootstrap.servers": bootstrap})

    def check() -> bool:
        try:
            admin.list_topics(timeout=timeout)
        except KafkaException:
            return False
        return True

    return check


def database_check(engine: Engine) -> Check:
    def check() -> bool:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    return check


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._send(HTTPStatus.OK, b'{"status":"ok"}', "application/json")
        elif path == "/readyz":
            results = self.server.run_checks()
            status = HTTPStatus.OK if all(results.values()) else HTTPStatus.SERVICE_UNAVAILABLE
            self._send(status, json.dumps(results).encode(), "application/json")
        elif path == "/metrics":
            self._send(HTTPStatus.OK, render(), CONTENT_TYPE_LATEST)
        else:
            self._send(HTTPStatus.NOT_FOUND, b'{"detail":"not found"}', "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  (stdlib signature)
        log.debug("ops %s", format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], checks: Mapping[str, Check]) -> None:
        super().__init__(address, _Handler)
        self.checks = dict(checks)

    def run_checks(self) -> dict[str, bool]:
        results: dict[str, bool] = {}
        for name, check in self.checks.items():
            try:
                results[name] = check()
            except Exception:  # noqa: BLE001  (a failing probe means not ready, not a crash)
                log.exception("readiness check %s failed", name)
                results[name] = False
        return results


class OpsServer:
    """Serves /healthz, /readyz and /metrics on ``host:port`` (port 0: an ephemeral port)."""

    def __init__(self, *, host: str, port: int, checks: Mapping[str, Check]) -> None:
        self._server = _Server((host, port), checks)
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
    *, host: str, port: int, checks: Mapping[str, Check], service: str
) -> OpsServer | None:
    """Start the ops server on the configured port; 0 disables it. A port already taken (a
    second replica on one host with the same environment) falls back to an ephemeral port,
    logged, rather than failing the consumer."""
    if port == 0:
        return None
    try:
        server = OpsServer(host=host, port=port, checks=checks)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        server = OpsServer(host=host, port=0, checks=checks)
        log.warning("%s: ops port %d in use; serving on %d instead", service, port, server.port)
    log.info("%s: ops endpoints on http://%s:%d", service, host, server.port)
    return server.start()


def serve_consumer_ops(
    settings: ServiceSettings, *, service: str, assigned: Check
) -> Callable[[], None]:
    """The ops server of a consumer process, ready when Kafka and the database answer and the
    runner holds partitions; returns what stops it. Its own one-connection engine keeps
    readiness probes out of the workers' pool."""
    if settings.ops_port == 0:
        return lambda: None
    engine = create_engine(
        normalise_url(settings.database_url),
        pool_size=1,
        pool_pre_ping=True,
        connect_args={"connect_timeout": int(CHECK_TIMEOUT)},
    )
    checks = {
        "kafka": kafka_check(settings.kafka_bootstrap_servers),
        "database": database_check(engine),
        "assigned": assigned,
    }
    server = start_ops_server(
        host=settings.ops_host, port=settings.ops_port, checks=checks, service=service
    )

    def stop() -> None:
        if server is not None:
            server.stop()
        engine.dispose()

    return stop
