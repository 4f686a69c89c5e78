"""A loopback HTTP server that answers like a credentials endpoint.

It stands in for a container credentials agent, EC2 instance metadata, or a
forward proxy in front of them; `answer(method, path, headers)` returns
(status, body). Requests are recorded with lower-cased header names.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CredentialEndpoint:
    def __init__(self, answer):
        self.requests: list[tuple[str, str, dict]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                endpoint.requests.append((self.command, self.path, headers))
                status, body = answer(self.command, self.path, self.headers)
                payload = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_PUT = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def iso(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def container_credentials(expiration: timedelta = timedelta(hours=1)) -> str:
    return json.dumps({
        "AccessKeyId": "ASIACONTAINER000001",
        "SecretAccessKey": "container-secret-access-key-0001",
        "Token": "container-session-token-0001",
        "Expiration": iso(expiration),
        "RoleArn": "arn:aws:iam::123456789012:role/batch-job",
    })
