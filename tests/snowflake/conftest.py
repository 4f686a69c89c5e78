"""Fixtures for the Snowflake tests: fakesnow's server as the account (support/fakesnow_server.py),
and for the bulk load a second one whose COPY INTO reads s3:// from a moto server
(support/fakesnow_s3.py)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from support.fakesnow_server import FakesnowServer, fakesnow_server, snowflake_key  # noqa: E402,F401
from support.moto_server import MotoServer  # noqa: E402


@pytest.fixture(scope="session")
def snowflake_moto(tmp_path_factory):
    directory = tmp_path_factory.mktemp("snowflake-moto")
    with MotoServer(log_path=str(directory / "moto.log")) as moto:
        yield moto


@pytest.fixture(scope="session")
def fakesnow_s3(tmp_path_factory, snowflake_key, snowflake_moto):
    directory = tmp_path_factory.mktemp("fakesnow-s3")
    server = FakesnowServer(directory / "fakesnow.log", snowflake_key[1], s3_endpoint=snowflake_moto.url)
    yield server
    server.stop()
