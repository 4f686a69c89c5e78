"""Helpers for running aqpipe against local AWS stand-ins.

Every run gets an environment built from scratch: no AWS_* variables of the
caller, HOME in a temporary directory, instance metadata disabled unless a
test serves it on loopback, so nothing can reach AWS or a link-local address.
"""

from __future__ import annotations

import itertools
import os
import pathlib
import subprocess

_names = itertools.count()


def unique_name(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_names)}"


def clean_env(home: pathlib.Path, **extra) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AQPIPE_AWS_CONNECT_TIMEOUT_MS": "2000",
    }
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update({k: str(v) for k, v in extra.items() if v is not None})
    return env


def static_keys(access_key: str = "AKIAAQPIPETEST0001", secret: str = "aqpipe-test-secret-key-0001") -> dict:
    return {"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret}


def run_aqpipe(binary: str, args: list[str], env: dict[str, str], timeout: float = 300,
               secrets: tuple[str, ...] = (), cwd: str | None = None) -> subprocess.CompletedProcess:
    """Runs aqpipe and checks that no secret value appears in what it printed."""
    result = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    for secret in secrets:
        assert secret not in result.stdout, f"secret leaked to stdout: {result.stdout}"
        assert secret not in result.stderr, f"secret leaked to stderr: {result.stderr}"
    return result
