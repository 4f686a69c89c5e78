"""A local AWS endpoint for tests: moto in server mode on 127.0.0.1.

`MotoServer` starts `python -m moto.server -H 127.0.0.1 -p PORT` on a free
port, waits until it answers, and kills it on stop(). Everything it serves
lives in that process only; nothing reaches AWS.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end_process(process: subprocess.Popen | None) -> None:
    """Stop a stand-in's process: SIGTERM, then SIGKILL if it has not exited within 10 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class MotoServer:
    def __init__(self, extra_env: dict[str, str] | None = None, log_path: str | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._extra_env = extra_env or {}
        self._log_path = log_path
        self._log = None
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> "MotoServer":
        env = dict(os.environ)
        # moto must not pick up real credentials or proxies from the caller.
        for name in list(env):
            if name.startswith("AWS_") or name.lower().endswith("_proxy"):
                del env[name]
        env.update(self._extra_env)
        self._log = open(self._log_path, "wb") if self._log_path else subprocess.DEVNULL
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"moto server exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/moto-api/", timeout=1):
                    return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto server did not answer on {self.url} within {timeout} s")

    def post(self, path: str, body: bytes = b"") -> bytes:
        # Not form-encoded: moto reads the raw body of its control endpoints.
        request = urllib.request.Request(self.url + path, data=body, method="POST",
                                         headers={"Content-Type": "application/octet-stream"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def enforce_auth(self) -> None:
        """From now on moto checks signatures and IAM policies (INITIAL_NO_AUTH_ACTION_COUNT=0)."""
        self.post("/moto-api/reset-auth", b"0")

    def stop(self) -> None:
        end_process(self._process)
        self._process = None
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self._log = None

    def __enter__(self) -> "MotoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def boto3_client(service: str, endpoint_url: str, region: str = "us-east-1", **credentials):
    """A boto3 client pointed at the local endpoint, with test credentials."""
    import boto3

    return boto3.client(
        service,
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=credentials.get("access_key", "testing"),
        aws_secret_access_key=credentials.get("secret_key", "testing"),
        aws_session_token=credentials.get("session_token"),
    )
