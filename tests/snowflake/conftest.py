"""Fixtures for the Snowflake tests: fakesnow's server as the account (support/fakesnow_server.py)."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from support.fakesnow_server import fakesnow_server, snowflake_key  # noqa: E402,F401  (fixtures)
