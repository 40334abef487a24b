"""The benchmarks' slow model: an OpenAI-compatible Chat Completions server, in a process of its
own, that answers every request after ``latency`` seconds.

Each request waits on the event loop (``asyncio.sleep``), not in a thread, so hundreds of calls
in flight cost the server almost nothing; it runs as a separate process so that what it does
cost is neither counted as the parser's CPU nor taken from the benchmark's own process.
HTTP/1.1 with keep-alive is all it speaks (the SDK's connection pool expects it): a request head,
a ``Content-Length`` body, one JSON answer.

``python -m services.bench.slow_model --latency 0.8`` prints ``http://127.0.0.1:<port>/v1`` on
its first line. ``GET /stats`` answers ``{"requests", "max_in_flight", "in_flight"}``;
``POST /reset`` zeroes the counts (the most in flight restarts from those open now).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import psutil

from services.infra.process import pdeathsig_preexec, stop_process

__all__ = ["ANSWER", "ModelStats", "SlowModel", "slow_model"]

# what the slow model answers: a valid structured answer (not a job: nothing to cross-check)
ANSWER = {"is_job": False, "category": "other", "confidence": 0.5, "jobs": []}
_CONTENT = orjson.dumps(ANSWER).decode()
_MAX_HEAD = 64 * 1024  # bytes of request line and headers


@dataclass
class _Counts:
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0


def _completion(model: str, number: int) -> bytes:
    return orjson.dumps(
        {
            "id": f"chatcmpl-bench{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": _CONTENT, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 500, "completion_tokens": 20, "total_tokens": 520},
        }
    )


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Server:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.counts = _Counts()

    async def connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if len(head) > _MAX_HEAD:
                    break
                method, path, length = _read_head(head)
                body = await reader.readexactly(length) if length else b""
                writer.write(await self.answer(method, path, body))
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except asyncio.CancelledError:
            # the server stopping with clients still connected: end quietly (a cancelled
            # connection task makes asyncio's streams log a traceback per connection)
            writer.close()
            return
        finally:
            if not writer.is_closing():
                writer.close()
                with contextlib.suppress(ConnectionError):
                    await writer.wait_closed()

    async def answer(self, method: str, path: str, body: bytes) -> bytes:
        counts = self.counts
        if method == "GET" and path.endswith("/stats"):
            return _response("200 OK", orjson.dumps(counts.__dict__))
        if method == "POST" and path.endswith("/reset"):
            counts.requests = 0
            counts.max_in_flight = counts.in_flight
            return _response("200 OK", b"{}")
        if method != "POST" or not path.split("?")[0].endswith("/chat/completions"):
            return _response("404 Not Found", b'{"error": {"message": "not found"}}')
        counts.requests += 1
        counts.in_flight += 1
        counts.max_in_flight = max(counts.max_in_flight, counts.in_flight)
        try:
            await asyncio.sleep(self.latency)
        finally:
            counts.in_flight -= 1
        try:
            model = str(orjson.loads(body).get("model", "bench"))
        except (orjson.JSONDecodeError, AttributeError):
            model = "bench"
        return _response("200 OK", _completion(model, counts.requests))


def _read_head(head: bytes) -> tuple[str, str, int]:
    """Method, path and Content-Length of a request head."""
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return method, path, length


async def serve(latency: float, port: int) -> None:
    server = _Server(latency)
    listener = await asyncio.start_server(
        server.connection, "127.0.0.1", port, backlog=4096, limit=_MAX_HEAD
    )
    bound = listener.sockets[0].getsockname()[1]
    sys.stdout.write(f"http://127.0.0.1:{bound}/v1\n")  # the parent reads this line
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with listener:
        await stop.wait()


# --- the benchmark's handle on the server process -----------------------------------------------


@dataclass(frozen=True)
class ModelStats:
    requests: int
    max_in_flight: int
    cpu_s: float  # the server process's user + system seconds since it started


class SlowModel:
    """The running server: its URL, pid and counts."""

    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url
        self._http = httpx.Client(timeout=10)
        self._cpu_at_reset = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid

    def stats(self) -> ModelStats:
        counts: dict[str, Any] = self._http.get(f"{self.url}/stats").json()
        return ModelStats(
            requests=int(counts["requests"]),
            max_in_flight=int(counts["max_in_flight"]),
            cpu_s=round(self._cpu() - self._cpu_at_reset, 3),
        )

    def reset(self) -> None:
        """Counts (and CPU) from now on."""
        self._http.post(f"{self.url}/reset").raise_for_status()
        self._cpu_at_reset = self._cpu()

    def _cpu(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def close(self) -> None:
        self._http.close()


@contextmanager
def slow_model(latency: float) -> Iterator[SlowModel]:
    """The server in a child process for the duration of the block."""
    command = [sys.executable, "-m", "services.bench.slow_model", "--latency", str(latency)]
    # dies with the benchmark, however that ends
    process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
        command, stdout=subprocess.PIPE, preexec_fn=pdeathsig_preexec()
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().decode().strip()
        if not url.startswith("http://"):
            raise RuntimeError(f"the slow model did not start (exit code {process.wait(5)})")
        model = SlowModel(process, url)
        try:
            yield model
        finally:
            model.close()
    finally:
        steps = [(signal.SIGTERM, 10.0)]
        stop_process(pid=process.pid, process=process, steps=steps, name="slow model")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.8, help="seconds before each answer")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    args = parser.parse_args()
    asyncio.run(serve(args.latency, args.port))


if __name__ == "__main__":
    main()
