"""Fixtures for the analytics tests: the session's PostgreSQL server and fakesnow's server come
from tests/conftest.py; this adds the tests' folder to the path."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
