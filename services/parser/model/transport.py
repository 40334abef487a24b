"""A lean HTTP/1.1 transport for the model client: keep-alive connections on asyncio streams.

The openai SDK sends through an httpx client; its default transport (httpcore, h11 and anyio)
spent about 40 % of the parser's CPU per model call on bookkeeping that one JSON request and
one JSON reply do not need: a cancel scope per read and write, an event object per header
block, headers and body in two socket writes, the whole pool walked at each request's start
and end. This transport keeps the SDK above it (auth, Azure query, timeouts as set, error
mapping, gzip decoding happen in httpx and the SDK as before) and does only the wire part:

- one write per request (request line, headers and body together);
- a reply read whole: ``Content-Length``, ``chunked`` or until the server closes, within
  caps (100 header lines, 1 MiB a line, 16 MiB of body) so a broken or hostile server
  yields a protocol error, not unbounded memory or a wait for the read timeout;
- idle connections kept per origin (LIFO) for reuse, at most ``max_connections`` in use;
- a reused connection that the server had closed before answering is retried once on a new
  connection (nothing was answered, so nothing happened twice on the server's side);
- timeouts from the request (``connect``, ``pool``, and ``read`` for the whole reply) raise
  the httpx timeout errors, socket failures the httpx network errors, which the SDK turns into
  ``APITimeoutError`` and ``APIConnectionError``.

It speaks HTTP/1.1 only and knows no proxies: ``build_client`` uses it only when no proxy is
configured in the environment.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass

try:  # the HTTP library the SDK is built on: httpx2 from openai 3, httpx before
    import httpx2 as _http
except ImportError:  # pragma: no cover - depends on the installed SDK
    import httpx as _http  # type: ignore[no-redef]

__all__ = ["LeanTransport"]

_LIMIT = 1 << 20  # bytes of one header line or chunk-size line
_MAX_HEADERS = 100  # header lines of one reply
_MAX_BODY = 16 << 20  # bytes of one reply's body: a completion is a few kilobytes
_DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    loop: asyncio.AbstractEventLoop  # its sockets work on this loop only
    used: bool = False  # answered a request before: it may have been closed while idle

    def usable(self) -> bool:
        if self.loop is not asyncio.get_running_loop():
            return False  # a client kept across asyncio.run calls: the old loop is gone
        return not (self.writer.is_closing() or self.reader.at_eof())

    def close(self) -> None:
        self.writer.close()


class _StaleConnection(Exception):
    """A reused connection was closed by the server before any byte of the reply."""


class LeanTransport(_http.AsyncBaseTransport):
    def __init__(self, *, max_connections: int, tls: ssl.SSLContext) -> None:
        self.max_connections = max_connections
        self._tls = tls
        self._room = asyncio.Semaphore(max_connections)
        self._idle: dict[Origin, list[_Connection]] = {}

    async def handle_async_request(self, request: _http.Request) -> _http.Response:
        timeouts = request.extensions.get("timeout", {})
        body = await request.aread()
        head = _request_head(request, len(body))
        try:
            async with asyncio.timeout(timeouts.get("pool")):
                await self._room.acquire()
        except TimeoutError:
            raise _http.PoolTimeout("no free connection in time", request=request) from None
        try:
            origin = _origin(request.url)
            connection = await self._connection(origin, request, timeouts.get("connect"))
            try:
                reply = await self._exchange(connection, head + body, request, timeouts)
            except _StaleConnection:
                connection = await self._open(origin, request, timeouts.get("connect"))
                reply = await self._exchange(connection, head + body, request, timeouts)
        finally:
            self._room.release()
        return reply

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                if not connection.loop.is_closed():
                    connection.close()
        self._idle.clear()

    async def _connection(
        self, origin: Origin, request: _http.Request, timeout: float | None
    ) -> _Connection:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection
            if not connection.loop.is_closed():
                connection.close()
        return await self._open(origin, request, timeout)

    async def _open(
        self, origin: Origin, request: _http.Request, timeout: float | None
    ) -> _Connection:
        scheme, host, port = origin
        tls = self._tls if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=_LIMIT
                )
        except TimeoutError:
            raise _http.ConnectTimeout(f"connecting to {host}:{port}", request=request) from None
        except OSError as exc:
            raise _http.ConnectError(str(exc) or type(exc).__name__, request=request) from exc
        return _Connection(reader, writer, asyncio.get_running_loop())

    async def _exchange(
        self,
        connection: _Connection,
        data: bytes,
        request: _http.Request,
        timeouts: dict[str, float | None],
    ) -> _http.Response:
        keep = False
        try:
            async with asyncio.timeout(timeouts.get("read")):
                connection.writer.write(data)
                await connection.writer.drain()
                status_line = await connection.reader.readline()
                if not status_line and connection.used:
                    raise _StaleConnection
                response, keep = await _read_reply(connection.reader, status_line, request)
        except TimeoutError:
            raise _http.ReadTimeout("no complete reply in time", request=request) from None
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            if connection.used and isinstance(exc, ConnectionResetError | BrokenPipeError):
                raise _StaleConnection from exc
            raise _http.ReadError(str(exc) or type(exc).__name__, request=request) from exc
        except (ValueError, asyncio.LimitOverrunError) as exc:
            raise _http.RemoteProtocolError(f"malformed reply: {exc}", request=request) from exc
        finally:
            if keep:
                connection.used = True
                self._idle.setdefault(_origin(request.url), []).append(connection)
            else:
                connection.close()
        return response


def _origin(url: _http.URL) -> Origin:
    return (url.scheme, url.host, url.port or _DEFAULT_PORTS[url.scheme])


def _request_head(request: _http.Request, length: int) -> bytes:
    lines = [b"%s %s HTTP/1.1" % (request.method.encode(), request.url.raw_path)]
    has_length = False
    for name, value in request.headers.raw:
        lower = name.lower()
        if lower == b"transfer-encoding":
            continue  # the body is sent whole, with its length
        has_length = has_length or lower == b"content-length"
        lines.append(b"%s: %s" % (name, value))
    if not has_length:
        lines.append(b"Content-Length: %d" % length)
    return b"\r\n".join(lines) + b"\r\n\r\n"


async def _read_reply(
    reader: asyncio.StreamReader, status_line: bytes, request: _http.Request
) -> tuple[_http.Response, bool]:
    """The reply whose status line was read, and whether the connection may be reused."""
    version, status, *reason = status_line.rstrip(b"\r\n").split(b" ", 2)
    if not version.startswith(b"HTTP/1."):
        raise ValueError(f"status line {status_line[:80]!r}")
    headers: list[tuple[bytes, bytes]] = []
    length: int | None = None
    chunked = False
    close = version == b"HTTP/1.0"
    while (line := await reader.readline()) not in (b"\r\n", b"\n"):
        if not line:
            raise asyncio.IncompleteReadError(b"", None)
        if len(headers) == _MAX_HEADERS:
            raise ValueError(f"more than {_MAX_HEADERS} header lines")
        name, _, value = line.partition(b":")
        name, value = name.strip(), value.strip()
        headers.append((name, value))
        lower = name.lower()
        if lower == b"content-length":
            length = int(value)
        elif lower == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif lower == b"connection":
            close = close or b"close" in value.lower()
    code = int(status)
    if request.method == "HEAD" or code in (204, 304) or 100 <= code < 200:
        body = b""
    elif chunked:
        body = await _read_chunks(reader)
    elif length is not None:
        body = await reader.readexactly(_bounded(length))
    else:
        body, close = await _read_to_close(reader), True
    response = _http.Response(
        code,
        headers=headers,
        stream=_http.ByteStream(body),
        request=request,
        extensions={"http_version": version, "reason_phrase": b"".join(reason)},
    )
    return response, not close


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size = int((await reader.readline()).split(b";")[0].strip(), 16)
        if size == 0:
            break
        total = _bounded(total + size)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)  # the chunk's CRLF
    while (await reader.readline()).strip():  # trailers, up to the empty line
        pass
    return b"".join(parts)


async def _read_to_close(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while part := await reader.read(1 << 16):
        total = _bounded(total + len(part))
        parts.append(part)
    return b"".join(parts)


def _bounded(length: int) -> int:
    """A body length within the cap: a larger reply is an error, not memory or a wait."""
    if not 0 <= length <= _MAX_BODY:
        raise ValueError(f"reply body of {length} bytes (at most {_MAX_BODY})")
    return length
