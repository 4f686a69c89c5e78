"""A fault-injecting HTTP reverse proxy for tests, loopback only.

It sits between aqpipe and a local endpoint (moto) and, on a configurable
share of requests, answers 500 InternalError or 503 SlowDown without
forwarding, resets the connection, stalls past the client's read timeout, or
forwards and then cuts the response body mid-stream. Everything else is
forwarded unchanged (the Host header included, so SigV4 signatures stay valid).

Bounds: it binds 127.0.0.1 only, forwards only to its one upstream, never
faults the same request more than `max_in_a_row` times in a row (so a client
with a sane retry budget always gets through), stops injecting after
`max_faults`, and each stall lasts `stall_seconds`.

`permanent` makes every request answer one fixed error instead, for tests of
errors that must not be retried away (e.g. ExpiredToken).

`slow_path` holds back the upstream's answer to the first `slow_count` requests
whose path starts with it by `slow_seconds`, as a server still working on a
request does; `paths` counts every request by path and query.

`on_request(method, path, body)` is called before a request is forwarded; when it
returns True the request is dropped unanswered (the connection is reset). Tests use
it to act at an exact point of a client's conversation, e.g. to SIGKILL the client
when it sends its COMMIT, instead of guessing that point with a timer.
"""

from __future__ import annotations

import http.client
import random
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FAULTS = ("500", "503", "reset", "stall", "cut")

_ERROR_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>{code}</Code><Message>{message}</Message><RequestId>FAULTPROXY</RequestId></Error>"
)


class FaultProxy:
    def __init__(
        self,
        upstream: str,
        rate: float = 0.2,
        faults: tuple[str, ...] = FAULTS,
        seed: int = 1234,
        stall_seconds: float = 3.0,
        max_in_a_row: int = 2,
        max_faults: int = 10_000,
        permanent: tuple[int, str, str] | None = None,
        slow_path: str = "",
        slow_seconds: float = 0.0,
        slow_count: int = 0,
        on_request=None,
    ):
        parts = urlsplit(upstream)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the fault proxy forwards to loopback only")
        unknown = set(faults) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown faults {unknown}")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.rate = rate
        self.faults = faults
        self.stall_seconds = stall_seconds
        self.max_in_a_row = max_in_a_row
        self.max_faults = max_faults
        self.permanent = permanent
        self.slow_path, self.slow_seconds, self.slow_count = slow_path, slow_seconds, slow_count
        self.on_request = on_request
        self.counts: Counter[str] = Counter()
        self.paths: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._in_a_row: Counter[str] = Counter()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    # -- control -------------------------------------------------------------

    def start(self) -> "FaultProxy":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def injected(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind in FAULTS)

    def _choose(self, key: str) -> str | None:
        with self._lock:
            self.counts["requests"] += 1
            if self.injected >= self.max_faults or self._in_a_row[key] >= self.max_in_a_row:
                self._in_a_row[key] = 0
                return None
            if self._random.random() >= self.rate:
                self._in_a_row[key] = 0
                return None
            fault = self._random.choice(self.faults)
            self._in_a_row[key] += 1
            self.counts[fault] += 1
            return fault

    # -- the handler ---------------------------------------------------------

    def _handler_class(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _reset(self):
                # SO_LINGER 0: close() sends RST, as a dropped connection does.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True

            def _send_error(self, status: int, code: str, message: str):
                body = _ERROR_XML.format(code=code, message=message).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if proxy.permanent is not None:
                    status, code, message = proxy.permanent
                    with proxy._lock:
                        proxy.counts["permanent"] += 1
                    self._send_error(status, code, message)
                    return
                if proxy.on_request is not None and proxy.on_request(self.command, self.path, body):
                    with proxy._lock:
                        proxy.counts["dropped"] += 1
                    self._reset()
                    return
                key = f"{self.command} {self.path} {self.headers.get('Range', '')}"
                with proxy._lock:
                    proxy.paths[self.path] += 1
                    slow = (bool(proxy.slow_path) and self.path.startswith(proxy.slow_path)
                            and proxy.counts["slow"] < proxy.slow_count)
                    if slow:
                        proxy.counts["slow"] += 1
                fault = proxy._choose(key)
                if fault == "500":
                    self._send_error(500, "InternalError", "injected by the fault proxy")
                    return
                if fault == "503":
                    self._send_error(503, "SlowDown", "injected by the fault proxy")
                    return
                if fault == "reset":
                    self._reset()
                    return
                if fault == "stall":
                    time.sleep(proxy.stall_seconds)
                    self._reset()
                    return
                upstream = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=60)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                    response_headers = response.getheaders()
                    status = response.status
                finally:
                    upstream.close()
                if slow:
                    time.sleep(proxy.slow_seconds)
                cut = fault == "cut" and self.command != "HEAD" and len(payload) > 1
                self.send_response_only(status)
                for name, value in response_headers:
                    if name.lower() not in ("connection", "transfer-encoding", "content-length", "date", "server"):
                        self.send_header(name, value)
                if self.command == "HEAD":
                    # A HEAD answer carries the object's length, not a body's.
                    length_header = dict((k.lower(), v) for k, v in response_headers).get("content-length", "0")
                    self.send_header("Content-Length", length_header)
                else:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if cut:
                    self.wfile.write(payload[: len(payload) // 2])
                    self.wfile.flush()
                    self._reset()
                    return
                self.wfile.write(payload)

            def do_GET(self):
                self._handle()

            do_PUT = do_POST = do_DELETE = do_HEAD = do_GET

        return Handler
