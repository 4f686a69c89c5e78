"""Running the aqpipe binary under test (shared by tests/conftest.py and the e2e tests)."""

from __future__ import annotations

import os
import pathlib
import subprocess
from typing import NamedTuple

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 120.0  # seconds per aqpipe invocation; every normal one takes well under 5


class Completed(NamedTuple):
    """What one aqpipe invocation did; unpacks as (exit code, stdout, stderr)."""

    code: int
    stdout: str
    stderr: str


def aqpipe_binary() -> pathlib.Path:
    return pathlib.Path(os.environ.get("AQPIPE_BIN") or REPO / "build" / "release" / "aqpipe").resolve()


def run_binary(binary: pathlib.Path, args, *, cwd, timeout: float = DEFAULT_TIMEOUT, env=None) -> Completed:
    """Runs the binary with a timeout; a run that hangs fails the test with what it printed so far."""
    command = [str(binary), *(str(a) for a in args)]
    full_env = dict(os.environ)
    full_env.pop("AQPIPE_LOG_FORMAT", None)  # tests choose the log format explicitly
    full_env["LC_ALL"] = "C.UTF-8"
    full_env.update(env or {})
    try:
        result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"aqpipe did not finish within {timeout} s: {command}\n"
                    f"stdout: {e.stdout!r}\nstderr: {e.stderr!r}")
    return Completed(result.returncode, result.stdout.decode("utf-8", "replace"),
                     result.stderr.decode("utf-8", "replace"))
