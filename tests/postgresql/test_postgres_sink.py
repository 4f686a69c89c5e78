"""`aqpipe run --warehouse postgresql://...` against a real, throwaway PostgreSQL server.

Covers issue 4's PostgreSQL checks: expected rows and column types, an idempotent rerun, a run
killed with SIGKILL in the middle of loading followed by a rerun, concurrent runs, and one clear
message (non-zero exit, target unchanged, no password printed) per bad input.
"""

from __future__ import annotations

import itertools
import os
import pathlib
import signal
import subprocess
import time

import pytest

from support.moto_server import free_port

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
KEY = "location_id, parameter, date_utc"
EXPECTED_TYPES = {
    "location_id": "bigint", "location": "text", "parameter": "text", "value": "double precision",
    "date_utc": "timestamp with time zone", "date_local": "timestamp with time zone", "unit": "text",
    "coordinates_latitude": "double precision", "coordinates_longitude": "double precision",
    "country": "text", "city": "text", "is_mobile": "boolean", "is_analysis": "boolean", "entity": "text",
    "sensor_type": "text", "date_local_offset_minutes": "bigint",
}
_names = itertools.count()


@pytest.fixture
def db(postgres_server):
    """A fresh database for one test."""
    return postgres_server.create_database(f"t{os.getpid()}_{next(_names)}")


def column_types(pg, database, table, schema="public"):
    out = pg.psql("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                  f"WHERE a.attrelid = '\"{schema}\".\"{table}\"'::regclass AND a.attnum > 0 "
                  "AND NOT a.attisdropped ORDER BY a.attnum", database)
    return dict(line.split("|") for line in out.splitlines())


def table_digest(pg, database, table, schema="public"):
    """(row count, md5 of every row's text in key order): equal digests mean equal tables."""
    out = pg.psql(f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {KEY}), '')) "
                  f"FROM \"{schema}\".\"{table}\" t", database)
    count, digest = out.split("|")
    return int(count), digest


def table_exists(pg, database, table, schema="public"):
    return pg.psql(f"SELECT to_regclass('\"{schema}\".\"{table}\"') IS NOT NULL", database) == "t"


def load(aqpipe, url, table="measurements", source=SAMPLE, *extra):
    return aqpipe("run", "--source", source, "--warehouse", url, "--table", table, *extra)


def assert_no_secret(result, *secrets):
    for secret in secrets:
        assert secret not in result.stdout and secret not in result.stderr


def test_sample_loads_expected_rows_and_types_and_rerun_adds_nothing(aqpipe, postgres_server, db, tmp_path):
    pg = postgres_server
    first = load(aqpipe, pg.url(db))
    assert first.code == 0, first.stderr
    assert "loaded 3,700 new rows" in first.stdout
    assert_no_secret(first, pg.admin_password)
    assert column_types(pg, db, "measurements") == EXPECTED_TYPES
    assert pg.psql(f"SELECT count(*), count(DISTINCT ({KEY})) FROM measurements", db) == "3700|3700"
    # The same values as the SQLite warehouse (both load CellText's text).
    sqlite = load(aqpipe, f"sqlite:{tmp_path / 'ref.db'}")
    assert sqlite.code == 0, sqlite.stderr
    import sqlite3
    ref = sqlite3.connect(tmp_path / "ref.db").execute(
        "SELECT count(*), round(sum(value), 6), count(city), count(is_analysis), sum(is_mobile), "
        "sum(date_local_offset_minutes), min(date_utc), max(date_local) FROM measurements").fetchone()
    got = pg.psql("SELECT count(*), round(sum(value)::numeric, 6), count(city), count(is_analysis), "
                  "sum(is_mobile::int), sum(date_local_offset_minutes), "
                  "to_char(min(date_utc) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), "
                  "to_char(max(date_local) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM measurements", db)
    assert got.split("|") == [str(v) if not isinstance(v, float) else f"{v:.6f}" for v in ref]
    before = table_digest(pg, db, "measurements")
    again = load(aqpipe, pg.url(db))
    assert again.code == 0, again.stderr
    assert "loaded 0 new rows" in again.stdout
    assert table_digest(pg, db, "measurements") == before


def test_postgres_scheme_and_schema_flag(aqpipe, postgres_server, db):
    pg = postgres_server
    result = load(aqpipe, pg.url(db, scheme="postgres"), "readings", SAMPLE, "--schema", "Air Quality")
    assert result.code == 0, result.stderr
    assert pg.psql('SELECT count(*) FROM "Air Quality".readings', db) == "3700"
    assert not table_exists(pg, db, "readings")


def test_sigkill_mid_load_then_rerun_equals_one_clean_run(aqpipe, aqpipe_bin, postgres_server, db, tmp_path):
    pg = postgres_server
    big = tmp_path / "big"
    generated = aqpipe("generate", "--rows", "300000", "--out", big, "--files", "3")
    assert generated.code == 0, generated.stderr
    # Reference: clean runs of the sample, then the generated data, into another table.
    for source in (SAMPLE, big):
        assert load(aqpipe, pg.url(db), "reference", source).code == 0
    reference = table_digest(pg, db, "reference")
    assert load(aqpipe, pg.url(db), "measurements", SAMPLE).code == 0
    before = table_digest(pg, db, "measurements")

    process = subprocess.Popen([str(aqpipe_bin), "run", "--source", str(big), "--warehouse", pg.url(db),
                                "--table", "measurements"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:  # wait until rows are streaming
        if pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'aqpipe' "
                   "AND query LIKE 'COPY%'", db) != "0":
            break
        time.sleep(0.05)
    time.sleep(0.3)
    assert process.poll() is None, "the run finished before it could be killed: make the input larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert table_digest(pg, db, "measurements") == before  # the killed run left no trace

    rerun = load(aqpipe, pg.url(db), "measurements", big)
    assert rerun.code == 0, rerun.stderr
    assert table_digest(pg, db, "measurements") == reference
    assert column_types(pg, db, "measurements") == column_types(pg, db, "reference")


def test_concurrent_runs_into_one_table_serialize(aqpipe_bin, postgres_server, db, tmp_path):
    pg = postgres_server
    runs = [subprocess.Popen([str(aqpipe_bin), "run", "--source", str(SAMPLE), "--warehouse", pg.url(db)],
                             cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], [o[1] for o in outputs]
    loaded = sorted(o[0].decode().splitlines()[0] for o in outputs)
    assert [line.split()[1] for line in loaded] == ["0", "0", "3,700"]
    assert pg.psql("SELECT count(*) FROM measurements", db) == "3700"


def test_wrong_password(aqpipe, postgres_server, db):
    result = load(aqpipe, postgres_server.url(db, password="not-the-Pa55word"))
    assert result.code != 0
    assert f'password authentication failed for user "{postgres_server.admin}"' in result.stderr
    assert_no_secret(result, "not-the-Pa55word", postgres_server.admin_password)
    assert not table_exists(postgres_server, db, "measurements")


def test_wrong_password_from_pgpassword(aqpipe, postgres_server, db):
    url = postgres_server.url(db, password="").replace(f":{postgres_server.admin_password}", "")
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", url, env={"PGPASSWORD": "from-env-Secret"})
    assert result.code != 0
    assert "password authentication failed" in result.stderr
    assert_no_secret(result, "from-env-Secret")
    ok = aqpipe("run", "--source", SAMPLE, "--warehouse", url, env={"PGPASSWORD": postgres_server.admin_password})
    assert ok.code == 0, ok.stderr


def test_unknown_database(aqpipe, postgres_server):
    result = load(aqpipe, postgres_server.url("no_such_db"))
    assert result.code != 0
    assert 'database "no_such_db"' in result.stderr and "does not exist" in result.stderr
    assert_no_secret(result, postgres_server.admin_password)


def test_unreachable_server(aqpipe):
    port = free_port()
    result = load(aqpipe, f"postgresql://someone:Secret-1@127.0.0.1:{port}/db")
    assert result.code != 0
    assert f"127.0.0.1:{port}" in result.stderr
    assert_no_secret(result, "Secret-1")


@pytest.mark.parametrize("schema, expected", [
    ("locked", 'no USAGE privilege on schema "locked"'),
    ("public", 'may not create table "measurements" in schema "public"'),
    ("brand_new", 'may not create schema "brand_new"'),
])
def test_schema_without_privileges(aqpipe, postgres_server, db, schema, expected):
    pg = postgres_server
    pg.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'limited') THEN "
            "CREATE ROLE limited LOGIN PASSWORD 'Limited-Pw-9'; END IF; END $$")
    pg.psql("CREATE SCHEMA locked", db)
    result = load(aqpipe, pg.url(db, user="limited", password="Limited-Pw-9"), "measurements", SAMPLE,
                  "--schema", schema)
    assert result.code != 0
    assert expected in result.stderr and 'user "limited"' in result.stderr
    assert_no_secret(result, "Limited-Pw-9")
    assert pg.psql("SELECT count(*) FROM pg_class WHERE relname = 'measurements'", db) == "0"
    assert pg.psql("SELECT count(*) FROM pg_namespace WHERE nspname = 'brand_new'", db) == "0"


def test_column_type_clash_leaves_target_unchanged(aqpipe, postgres_server, db):
    pg = postgres_server
    pg.psql("CREATE TABLE clash (location_id bigint, parameter text, date_utc timestamptz, value bigint, "
            "UNIQUE (location_id, parameter, date_utc)); "
            "INSERT INTO clash VALUES (1, 'pm25', '2024-01-01T00:00:00Z', 7)", db)
    before = (table_digest(pg, db, "clash"), column_types(pg, db, "clash"))
    result = load(aqpipe, pg.url(db), "clash")
    assert result.code != 0
    assert 'column "value" of table public.clash is bigint' in result.stderr
    assert "DOUBLE PRECISION" in result.stderr
    assert_no_secret(result, pg.admin_password)
    assert (table_digest(pg, db, "clash"), column_types(pg, db, "clash")) == before
    assert not table_exists(pg, db, "aqpipe_load_ledger")


def test_ledger_against_server(postgres_server, db):
    """The ledger methods (AlreadyLoaded/RecordLoaded) through the unit test that needs a server."""
    candidates = [os.environ.get("AQPIPE_UNIT_TESTS", "")] + [
        str(REPO / "build" / preset / "aqpipe_unit_tests") for preset in ("release", "debug", "asan")]
    binary = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
    if binary is None:
        pytest.skip("aqpipe_unit_tests is not built (cmake --build build/release --target aqpipe_unit_tests)")
    result = subprocess.run([binary, "--gtest_filter=PostgresLedger.*"], capture_output=True, timeout=120,
                            env=dict(os.environ, AQPIPE_TEST_POSTGRES_URL=postgres_server.url(db)))
    output = result.stdout.decode(errors="replace")
    assert result.returncode == 0, output
    assert "[  PASSED  ] 1 test" in output, output


def test_new_table_fast_path_matches_existing_table_path_and_gets_its_key(aqpipe, postgres_server, db):
    """A new table is filled without its key index, then keyed: same rows as the ON CONFLICT path."""
    pg = postgres_server
    fresh = load(aqpipe, pg.url(db), "fresh")
    assert fresh.code == 0, fresh.stderr
    constraint = pg.psql("SELECT contype FROM pg_constraint WHERE conrelid = 'fresh'::regclass", db)
    assert constraint == "u"
    pg.psql("CREATE TABLE existing (LIKE fresh INCLUDING ALL)", db)
    old_path = load(aqpipe, pg.url(db), "existing")
    assert old_path.code == 0, old_path.stderr
    assert table_digest(pg, db, "existing") == table_digest(pg, db, "fresh")
    again = load(aqpipe, pg.url(db), "fresh")
    assert again.code == 0 and "loaded 0 new rows" in again.stdout
