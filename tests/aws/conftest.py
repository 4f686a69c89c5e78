"""Fixtures for the AWS tests: a moto server, a temporary HOME, the aqpipe binary."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support.aws_env import unique_name  # noqa: E402
from support.aws_fixtures import home, moto, s3, secretsmanager  # noqa: E402,F401


@pytest.fixture(scope="session")
def aqpipe_bin() -> str:
    path = os.environ.get("AQPIPE_BIN") or str(ROOT / "build" / "release" / "aqpipe")
    if not os.path.exists(path):
        pytest.skip(f"no aqpipe binary at {path}: build it (cmake --preset release) or set AQPIPE_BIN")
    probe = subprocess.run([path, "aws-check", "--help"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"{path} has no aws-check subcommand (not wired into main.cc yet)")
    return path


@pytest.fixture
def bucket(s3) -> str:
    name = unique_name("aqpipe-test")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="raw/open_aq/a.json", Body=b'{"location_id": 1}\n')
    s3.put_object(Bucket=name, Key="raw/open_aq/b.json", Body=b'{"location_id": 2}\n{"location_id": 3}\n')
    return name
