"""Pytest fixtures shared by the suites that talk to AWS stand-ins: one moto server per session,
boto3 clients of it, and a temporary HOME with an empty ~/.aws. A conftest.py imports the ones
it uses (`from support.aws_fixtures import moto, s3  # noqa: F401`)."""

from __future__ import annotations

import pathlib

import pytest

from support.moto_server import MotoServer, boto3_client


@pytest.fixture(scope="session")
def moto(tmp_path_factory):
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with MotoServer(log_path=str(log)) as server:
        yield server


@pytest.fixture
def home(tmp_path) -> pathlib.Path:
    directory = tmp_path / "home"
    (directory / ".aws").mkdir(parents=True)
    return directory


@pytest.fixture
def s3(moto):
    return boto3_client("s3", moto.url)


@pytest.fixture
def secretsmanager(moto):
    return boto3_client("secretsmanager", moto.url)
