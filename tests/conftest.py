"""Shared pytest fixtures: the aqpipe binary under test and a scratch working directory.

The binary comes from the environment variable AQPIPE_BIN (ctest sets it to the target it just
built); without it, build/release/aqpipe of this checkout. A missing binary fails the tests that
need it instead of skipping them, so an unbuilt tree can never look green.
"""

from __future__ import annotations

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from e2e.runner import DEFAULT_TIMEOUT, Completed, aqpipe_binary, run_binary  # noqa: E402
from support.fakesnow_server import fakesnow_server, snowflake_key  # noqa: E402,F401  (session fixtures)
from support.postgres_server import postgres_server  # noqa: E402,F401  (a session fixture for every suite)


@pytest.fixture(scope="session")
def aqpipe_bin() -> pathlib.Path:
    path = aqpipe_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no aqpipe binary at {path}: build it (cmake --preset release && "
                    f"cmake --build build/release --target aqpipe) or set AQPIPE_BIN")
    return path


@pytest.fixture
def tmp_workdir(tmp_path) -> pathlib.Path:
    """A fresh, empty directory; aqpipe runs with it as the working directory, so its relative
    defaults (aqpipe.db, aqpipe-rejects/) can never touch the checkout."""
    work = tmp_path / "work"
    work.mkdir()
    return work


@pytest.fixture
def aqpipe(aqpipe_bin, tmp_workdir):
    """aqpipe(*args, timeout=..., cwd=..., env=...) -> Completed(code, stdout, stderr)."""

    def run(*args, timeout: float = DEFAULT_TIMEOUT, cwd=None, env=None) -> Completed:
        return run_binary(aqpipe_bin, args, cwd=cwd or tmp_workdir, timeout=timeout, env=env)

    return run
