"""Fixtures for the PostgreSQL tests: one throwaway server per session (support/postgres_server.py)."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from support.postgres_server import postgres_server  # noqa: E402,F401  (a fixture)
