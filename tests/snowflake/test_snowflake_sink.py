"""`aqpipe run --warehouse snowflake` against fakesnow's Snowflake-protocol server (a stand-in).

Covers issue 4's Snowflake checks on the direct load method: expected rows and column types, an
idempotent rerun, a run killed with SIGKILL in the middle of loading followed by a rerun, key-pair
login, and one clear message (non-zero exit, target unchanged, no secret printed) per bad input.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import signal
import sqlite3
import subprocess

import pytest

from support.fakesnow_server import DATABASE, PASSWORD
from support.fault_proxy import FaultProxy

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
KEY = "LOCATION_ID, PARAMETER, DATE_UTC"
EXPECTED_TYPES = {
    "LOCATION_ID": "NUMBER", "LOCATION": "TEXT", "PARAMETER": "TEXT", "VALUE": "FLOAT",
    "DATE_UTC": "TIMESTAMP_TZ", "DATE_LOCAL": "TIMESTAMP_TZ", "UNIT": "TEXT",
    "COORDINATES_LATITUDE": "FLOAT", "COORDINATES_LONGITUDE": "FLOAT", "COUNTRY": "TEXT", "CITY": "TEXT",
    "IS_MOBILE": "BOOLEAN", "IS_ANALYSIS": "BOOLEAN", "ENTITY": "TEXT", "SENSOR_TYPE": "TEXT",
    "DATE_LOCAL_OFFSET_MINUTES": "NUMBER",
}
_names = itertools.count()


@pytest.fixture
def schema():
    """A fresh schema name per test (the server's database is shared by the whole session)."""
    return f"T{os.getpid()}_{next(_names)}"


def load(aqpipe, server, schema, table="measurements", source=SAMPLE, env=None, *extra):
    return aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                  "--table", table, *extra, env=server.env(**(env or {})))


def column_types(server, schema, table="MEASUREMENTS"):
    rows = server.query(f"SELECT COLUMN_NAME, DATA_TYPE FROM {DATABASE}.INFORMATION_SCHEMA.COLUMNS "
                        f"WHERE TABLE_SCHEMA = '{schema.upper()}' AND TABLE_NAME = '{table}' "
                        "ORDER BY ORDINAL_POSITION")
    return dict(rows)


def table_rows(server, schema, table="MEASUREMENTS"):
    return server.query(f"SELECT * FROM {DATABASE}.{schema}.{table} ORDER BY {KEY}")


def table_exists(server, schema, table="MEASUREMENTS"):
    return server.query(f"SELECT COUNT(*) FROM {DATABASE}.INFORMATION_SCHEMA.TABLES WHERE "
                        f"TABLE_SCHEMA = '{schema.upper()}' AND TABLE_NAME = '{table}'")[0][0] == 1


def assert_no_secret(result, *secrets):
    for secret in secrets:
        assert secret not in result.stdout and secret not in result.stderr


def test_sample_loads_expected_rows_and_types_and_rerun_adds_nothing(aqpipe, fakesnow_server, schema,
                                                                     tmp_path):
    sf = fakesnow_server
    first = load(aqpipe, sf, schema)
    assert first.code == 0, first.stderr
    assert "loaded 3,700 new rows" in first.stdout
    assert_no_secret(first, PASSWORD)
    assert column_types(sf, schema) == EXPECTED_TYPES
    assert sf.query(f"SELECT COUNT(*), COUNT(DISTINCT LOCATION_ID, PARAMETER, DATE_UTC) "
                    f"FROM {DATABASE}.{schema}.MEASUREMENTS") == [(3700, 3700)]
    # The same values as the SQLite warehouse (both load CellText's text).
    sqlite = aqpipe("run", "--source", SAMPLE, "--warehouse", f"sqlite:{tmp_path / 'ref.db'}")
    assert sqlite.code == 0, sqlite.stderr
    ref = sqlite3.connect(tmp_path / "ref.db").execute(
        "SELECT count(*), round(sum(value), 6), count(city), count(is_analysis), sum(is_mobile), "
        "sum(date_local_offset_minutes) FROM measurements").fetchone()
    got = sf.query(f"SELECT COUNT(*), ROUND(SUM(VALUE), 6), COUNT(CITY), COUNT(IS_ANALYSIS), "
                   f"SUM(IFF(IS_MOBILE, 1, 0)), SUM(DATE_LOCAL_OFFSET_MINUTES) "
                   f"FROM {DATABASE}.{schema}.MEASUREMENTS")[0]
    assert [float(v) for v in got] == [float(v) for v in ref]
    ref_times = sqlite3.connect(tmp_path / "ref.db").execute(
        "SELECT min(date_utc), max(date_local) FROM measurements").fetchone()
    got_times = sf.query(f"SELECT MIN(DATE_UTC), MAX(DATE_LOCAL) FROM {DATABASE}.{schema}.MEASUREMENTS")[0]
    assert [t.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
            for t in got_times] == [t[:19] for t in ref_times]

    before = table_rows(sf, schema)
    again = load(aqpipe, sf, schema)
    assert again.code == 0, again.stderr
    assert "loaded 0 new rows" in again.stdout
    assert table_rows(sf, schema) == before
    ledger = sf.query(f"SELECT COUNT(*), SUM(ROW_COUNT) FROM {DATABASE}.{schema}.AQPIPE_LOAD_LEDGER "
                      "WHERE TARGET_TABLE = 'MEASUREMENTS'")
    assert ledger == [(7, 3800)]


# Statements of a direct load, in the order aqpipe sends them; the run is killed when it sends one.
KILL_POINTS = {
    "staging rows": lambda sql: sql.startswith('INSERT INTO "AQPIPE_STAGING"'),
    "moving rows into the table": lambda sql: sql.startswith("INSERT INTO") and '"MEASUREMENTS" (' in sql,
    "committing": lambda sql: sql.strip() == "COMMIT",
}


def statement_of(body: bytes) -> str:
    try:
        return json.loads(body).get("sqlText", "")
    except ValueError:
        return ""


def test_sigkill_mid_load_then_rerun_equals_one_clean_run(aqpipe, aqpipe_bin, fakesnow_server, schema, tmp_path):
    """SIGKILL at each exact statement of a load (the fault proxy sees the client send it and kills
    the client before forwarding it): the table stays as it was every time, and a rerun equals one
    clean run."""
    sf = fakesnow_server
    preload, big = tmp_path / "preload", tmp_path / "big"
    for folder, rows, seed in ((preload, 40, 2), (big, 300, 1)):
        generated = aqpipe("generate", "--rows", str(rows), "--out", folder, "--files", "2", "--seed", str(seed))
        assert generated.code == 0, generated.stderr
    for source in (preload, big):  # reference: clean runs into another table
        result = load(aqpipe, sf, schema, "reference", source)
        assert result.code == 0, result.stderr
    reference = table_rows(sf, schema, "REFERENCE")
    assert load(aqpipe, sf, schema, "measurements", preload).code == 0
    before = table_rows(sf, schema)

    for point, reached in KILL_POINTS.items():
        process = None

        def kill_at_the_point(method, path, body):
            hit = path.startswith("/queries/v1/query-request") and reached(statement_of(body))
            if hit and process is not None:
                process.send_signal(signal.SIGKILL)
            return hit

        with FaultProxy(sf.url, rate=0.0, on_request=kill_at_the_point) as proxy:
            process = subprocess.Popen([str(aqpipe_bin), "run", "--source", str(big), "--warehouse", "snowflake",
                                        "--schema", schema, "--table", "measurements"], cwd=tmp_path,
                                       env=dict(os.environ, **sf.env(SNOWFLAKE_URL=proxy.url)),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            process.communicate(timeout=120)
            dropped = proxy.counts["dropped"]
        assert process.returncode == -signal.SIGKILL and dropped == 1, f"the run never reached {point!r}"
        sf.wait_idle()
        assert table_rows(sf, schema) == before, f"the run killed while {point} left a trace"

    rerun = load(aqpipe, sf, schema, "measurements", big)
    assert rerun.code == 0, rerun.stderr
    assert table_rows(sf, schema) == reference
    assert column_types(sf, schema) == column_types(sf, schema, "REFERENCE")


def test_key_pair_login(aqpipe, fakesnow_server, schema, snowflake_key):
    result = load(aqpipe, fakesnow_server, schema,
                  env={"SNOWFLAKE_PASSWORD": "", "SNOWFLAKE_PRIVATE_KEY": snowflake_key[0]})
    assert result.code == 0, result.stderr
    assert "loaded 3,700 new rows" in result.stdout
    assert_no_secret(result, snowflake_key[0].splitlines()[1])


def test_key_pair_login_with_an_unregistered_key_is_refused(aqpipe, fakesnow_server, schema, tmp_path):
    from support.fakesnow_server import make_key_pair
    other, _ = make_key_pair(tmp_path)
    result = load(aqpipe, fakesnow_server, schema,
                  env={"SNOWFLAKE_PASSWORD": "", "SNOWFLAKE_PRIVATE_KEY": other})
    assert result.code != 0
    assert "Snowflake error 390144" in result.stderr and "key-pair login" in result.stderr
    assert not table_exists(fakesnow_server, schema)


def test_wrong_password(aqpipe, fakesnow_server, schema):
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_PASSWORD": "not-the-Pa55word"})
    assert result.code != 0
    assert "Snowflake error 390100: Incorrect username or password was specified." in result.stderr
    assert 'as user "aqpipe_loader"' in result.stderr
    assert_no_secret(result, "not-the-Pa55word", PASSWORD)
    assert not table_exists(fakesnow_server, schema)


def test_unreachable_account(aqpipe, fakesnow_server, schema):
    from support.moto_server import free_port
    port = free_port()
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_URL": f"http://127.0.0.1:{port}"})
    assert result.code != 0
    assert f"127.0.0.1:{port}" in result.stderr
    assert_no_secret(result, PASSWORD)


def test_no_login_given(aqpipe):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "snowflake",
                    env={"SNOWFLAKE_URL": "", "SNOWFLAKE_ACCOUNT": ""})
    assert result.code != 0
    assert "--secret" in result.stderr and "SNOWFLAKE_" in result.stderr


def test_column_type_clash_leaves_target_unchanged(aqpipe, fakesnow_server, schema):
    sf = fakesnow_server
    sf.query(f"CREATE SCHEMA IF NOT EXISTS {DATABASE}.{schema}")
    sf.query(f"CREATE TABLE {DATABASE}.{schema}.CLASH (LOCATION_ID NUMBER(38,0), PARAMETER VARCHAR, "
             "DATE_UTC TIMESTAMP_TZ, VALUE NUMBER(38,0))")
    sf.query(f"INSERT INTO {DATABASE}.{schema}.CLASH VALUES (1, 'pm25', '2024-01-01 00:00:00', 7)")
    before = (table_rows(sf, schema, "CLASH"), column_types(sf, schema, "CLASH"))
    result = load(aqpipe, sf, schema, "clash")
    assert result.code != 0
    assert f"column VALUE of table {schema.upper()}.CLASH is NUMBER(38,0)" in result.stderr
    assert "needs FLOAT" in result.stderr
    assert_no_secret(result, PASSWORD)
    assert (table_rows(sf, schema, "CLASH"), column_types(sf, schema, "CLASH")) == before
