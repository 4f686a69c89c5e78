"""Fixtures for the ingest tests: the OpenAQ v3 stand-in, a moto server, a clean environment."""

from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support.moto_server import MotoServer, boto3_client  # noqa: E402
from support.openaq_server import OpenAqServer  # noqa: E402


@pytest.fixture
def openaq():
    """A well-behaved stand-in with a 60-a-minute limit; tests that want misbehaviour make their own."""
    with OpenAqServer() as server:
        yield server


@pytest.fixture(scope="session")
def moto(tmp_path_factory):
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with MotoServer(log_path=str(log)) as server:
        yield server


@pytest.fixture
def s3(moto):
    return boto3_client("s3", moto.url)


@pytest.fixture
def secretsmanager(moto):
    return boto3_client("secretsmanager", moto.url)


@pytest.fixture
def home(tmp_path) -> pathlib.Path:
    directory = tmp_path / "home"
    (directory / ".aws").mkdir(parents=True)
    return directory
