"""Fixtures for the ingest tests: the OpenAQ v3 stand-in, a moto server, a clean environment."""

from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from support.aws_fixtures import home, moto, s3, secretsmanager  # noqa: E402,F401
from support.openaq_server import OpenAqServer  # noqa: E402


@pytest.fixture
def openaq():
    """A well-behaved stand-in with a 60-a-minute limit; tests that want misbehaviour make their own."""
    with OpenAqServer() as server:
        yield server
