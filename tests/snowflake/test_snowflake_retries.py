"""Transient HTTP failures between aqpipe and Snowflake are retried; a server that keeps failing is
reported, not waited on forever. fakesnow (the stand-in) sits behind support/fault_proxy.py, which
answers 500 / 503 or resets the connection on a share of requests without forwarding them."""

from __future__ import annotations

import itertools
import json
import os
import time

from support.fakesnow_server import DATABASE, PASSWORD
from support.fault_proxy import FaultProxy

_names = itertools.count()


def write_records(path, count):
    path.write_text("".join(json.dumps({"location_id": i, "parameter": "pm25",
                                        "date": {"utc": f"2024-01-01T{i % 24:02d}:00:00Z"},
                                        "value": i / 2}) + "\n" for i in range(count)))


def test_a_load_through_a_faulty_network_equals_a_clean_one(aqpipe, fakesnow_server, tmp_path):
    source = tmp_path / "in.jsonl"
    write_records(source, 40)
    schema = f"R{os.getpid()}_{next(_names)}"
    with FaultProxy(fakesnow_server.url, rate=0.3, faults=("500", "503", "reset"), seed=7) as proxy:
        result = aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                        "--table", "t", env=fakesnow_server.env(SNOWFLAKE_URL=proxy.url))
        injected = proxy.injected
    assert result.code == 0, result.stderr
    assert injected > 0, "the proxy injected no fault: raise its rate"
    assert "loaded 40 new rows" in result.stdout
    assert fakesnow_server.query(f"SELECT COUNT(*), SUM(VALUE) FROM {DATABASE}.{schema}.T") == [(40, 390.0)]


def test_a_server_that_keeps_failing_is_reported_with_its_address(aqpipe, fakesnow_server, tmp_path):
    source = tmp_path / "in.jsonl"
    write_records(source, 1)
    with FaultProxy(fakesnow_server.url, rate=1.0, faults=("503",), max_in_a_row=1_000_000) as proxy:
        started = time.monotonic()
        result = aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", "NEVER",
                        env=fakesnow_server.env(SNOWFLAKE_URL=proxy.url))
        seconds = time.monotonic() - started
    assert result.code != 0
    assert proxy.url.split("//")[1] in result.stderr and "503" in result.stderr
    assert PASSWORD not in result.stderr
    assert seconds < 120


def test_a_statement_answered_late_is_waited_for_not_resent(aqpipe, fakesnow_server, tmp_path):
    """Snowflake may hold a query request up to about 45 s before answering; a client that gives
    up sooner resends statements that are still running (the HTTP read timeout was 30 s). The
    default (over 45 s) is pinned by QueryHttpOptionsTest; here a 16 s timeout against a 10 s answer
    shows the client waits for a slow answer instead of sending the statement again. (libcurl
    averages the transfer speed over a few seconds, so a timeout only trips several seconds after
    the last byte: the margins here are wide on purpose.)"""
    source = tmp_path / "in.jsonl"
    write_records(source, 3)
    schema = f"R{os.getpid()}_{next(_names)}"
    with FaultProxy(fakesnow_server.url, rate=0.0, slow_path="/queries/v1/query-request",
                    slow_seconds=10.0, slow_count=1) as proxy:
        result = aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                        "--table", "t", "--snowflake-read-timeout", "16",
                        env=fakesnow_server.env(SNOWFLAKE_URL=proxy.url), timeout=180)
        slow, paths = proxy.counts["slow"], proxy.paths
    assert result.code == 0, result.stderr
    assert slow == 1
    queries = {path: n for path, n in paths.items() if path.startswith("/queries/v1/query-request")}
    resent = {path: n for path, n in queries.items() if n > 1}
    assert len(queries) > 1 and not resent, f"statements sent more than once: {resent}"
    assert fakesnow_server.query(f"SELECT COUNT(*) FROM {DATABASE}.{schema}.T") == [(3,)]
