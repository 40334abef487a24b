"""The consumers' ops endpoints: liveness, readiness from checks, Prometheus text."""

from __future__ import annotations

import socket
from contextlib import closing

import httpx
import pytest

from services.common.metrics import CONSUMED
from services.common.ops_server import Check, OpsServer, start_ops_server


def serve(checks: dict[str, Check]) -> OpsServer:
    return OpsServer(host="127.0.0.1", port=0, checks=checks)


def test_healthz_is_200_whatever_readiness_says() -> None:
    with serve({"kafka": lambda: False}) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_200_when_every_check_passes() -> None:
    with serve({"kafka": lambda: True, "database": lambda: True}) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/readyz")
    assert response.status_code == 200
    assert response.json() == {"kafka": True, "database": True}


def test_readyz_is_503_naming_the_failing_check() -> None:
    with serve({"kafka": lambda: True, "assigned": lambda: False}) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/readyz")
    assert response.status_code == 503
    assert response.json() == {"kafka": True, "assigned": False}


def test_a_raising_check_means_not_ready() -> None:
    def broken() -> bool:
        raise RuntimeError("probe bug")

    with serve({"database": broken}) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": False}


def test_readiness_follows_the_callable() -> None:
    state = {"up": False}
    with serve({"database": lambda: state["up"]}) as server:
        url = f"http://127.0.0.1:{server.port}/readyz"
        assert httpx.get(url).status_code == 503
        state["up"] = True
        assert httpx.get(url).status_code == 200


def test_metrics_serves_the_prometheus_text() -> None:
    CONSUMED.labels("parser", "email.raw").inc()
    with serve({}) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# TYPE reqstream_messages_consumed_total counter" in response.text
    assert 'reqstream_messages_consumed_total{service="parser",topic="email.raw"}' in response.text


def test_unknown_path_is_404() -> None:
    with serve({}) as server:
        assert httpx.get(f"http://127.0.0.1:{server.port}/nope").status_code == 404


def test_port_zero_disables_the_server() -> None:
    assert start_ops_server(host="127.0.0.1", port=0, checks={}, service="parser") is None


def test_a_taken_port_falls_back_to_an_ephemeral_one(caplog: pytest.LogCaptureFixture) -> None:
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = start_ops_server(host="127.0.0.1", port=port, checks={}, service="fetcher")
        assert server is not None
        try:
            assert server.port != port
            assert httpx.get(f"http://127.0.0.1:{server.port}/healthz").status_code == 200
        finally:
            server.stop()
    assert "in use" in caplog.text


def test_healthz_is_503_once_the_process_stopped_on_a_failure() -> None:
    state = {"live": True}
    with OpsServer(host="127.0.0.1", port=0, checks={}, live=lambda: state["live"]) as server:
        url = f"http://127.0.0.1:{server.port}/healthz"
        assert httpx.get(url).status_code == 200
        state["live"] = False  # e.g. the dead-letter breaker tripped
        response = httpx.get(url)
    assert response.status_code == 503
    assert response.json() == {"status": "stopped"}


def test_a_check_not_configured_is_null_and_not_failing() -> None:
    with serve({"database": lambda: True, "kafka": None}) as server:  # type: ignore[dict-item]
        response = httpx.get(f"http://127.0.0.1:{server.port}/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": True, "kafka": None}
