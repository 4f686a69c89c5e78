"""What `aqpipe ingest` writes loads with the capstone's v2 raw files into one table.

The v3 stand-in's locations 4101 and 4102 are the v2 sample's locations 4101 and 4102, and its
hours overlap the sample's first hours of 2024-01-01: the natural key (location_id, parameter,
date_utc) must see those as the same measurements, so each lands once.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from support.aws_env import clean_env  # noqa: E402
from support.openaq_server import OpenAqServer  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
V2_SAMPLE = REPO / "data" / "sample" / "belgium-2024-01.jsonl"
KEY = "test-openaq-key-0001"
_names = itertools.count()


@pytest.fixture(scope="module")
def ingested(aqpipe_bin, tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("ingest") / "out"
    home = tmp_path_factory.mktemp("home")
    with OpenAqServer() as server:
        env = clean_env(home, OPENAQ_API_URL=server.url, OPENAQ_API_KEY=KEY)
        result = subprocess.run([str(aqpipe_bin), "ingest", "--country", "BE", "--from", "2024-01-01",
                                 "--to", "2024-01-02T12:00:00Z", "--data", "hours", "--out", str(out)],
                                env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out


def keys_of(records) -> set[tuple]:
    return {(r["locationId"], r["parameter"], r["date"]["utc"]) for r in records}


def v2_records() -> list[dict]:
    return [json.loads(line) for line in V2_SAMPLE.read_text().splitlines() if line.strip()]


def v3_records(out: pathlib.Path) -> list[dict]:
    return [json.loads(line) for path in sorted(out.rglob("*.jsonl.gz"))
            for line in gzip.decompress(path.read_bytes()).decode().splitlines()]


def run(aqpipe, warehouse, *sources):
    args = ["run", "--warehouse", warehouse, "--table", "measurements"]
    for source in sources:
        args += ["--source", source]
    return aqpipe(*args)


def test_ingest_output_and_v2_raw_files_land_in_one_sqlite_table_without_duplicates(aqpipe, ingested, tmp_path):
    db = tmp_path / "aq.db"
    v2, v3 = v2_records(), v3_records(ingested)
    overlap = keys_of(v2) & keys_of(v3)
    assert overlap  # the test means something only if the two sources share measurements
    first = run(aqpipe, f"sqlite:{db}", V2_SAMPLE, ingested)
    assert first.code == 0, first.stderr
    con = sqlite3.connect(db)
    count, distinct = con.execute(
        "SELECT count(*), count(DISTINCT location_id || parameter || date_utc) FROM measurements").fetchone()
    assert count == distinct == len(keys_of(v2) | keys_of(v3))
    columns = {row[1] for row in con.execute("PRAGMA table_info(measurements)")}
    assert {"location_id", "location", "parameter", "value", "unit", "date_utc", "date_local",
            "coordinates_latitude", "coordinates_longitude", "country", "city"} <= columns
    assert {"sensor_id", "timezone", "openaq_api", "measurement_period_datetime_from_utc"} <= columns
    # A v3 row's shared columns hold what a v2 row would: same names, same units, same kinds.
    row = con.execute("SELECT location, parameter, unit, country, coordinates_latitude, timezone "
                      "FROM measurements WHERE openaq_api = 'v3' AND location_id = 4102 LIMIT 1").fetchone()
    assert row[1] in {"pm25", "pm10"}
    assert row[:1] + row[2:] == ('Brussel-Molenbeek "MOL"', "µg/m³", "BE", 50.8485, "Europe/Brussels")
    assert con.execute("SELECT count(*) FROM measurements WHERE openaq_api = 'v3'").fetchone()[0] == \
        len(keys_of(v3) - keys_of(v2))
    # Loading either source again adds nothing.
    again = run(aqpipe, f"sqlite:{db}", ingested, V2_SAMPLE)
    assert again.code == 0, again.stderr
    assert "loaded 0 new rows" in again.stdout
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == count


def test_ingest_output_loads_into_postgresql_with_v2_raw_files(aqpipe, ingested, postgres_server):
    pg = postgres_server
    db = pg.create_database(f"ingest{os.getpid()}_{next(_names)}")
    v2, v3 = v2_records(), v3_records(ingested)
    first = run(aqpipe, pg.url(db), ingested, V2_SAMPLE)  # v3 first this time: the key works both ways
    assert first.code == 0, first.stderr
    expected = len(keys_of(v2) | keys_of(v3))
    assert pg.psql("SELECT count(*), count(DISTINCT (location_id, parameter, date_utc)) FROM measurements",
                   db) == f"{expected}|{expected}"
    assert pg.psql("SELECT count(*) FROM measurements WHERE openaq_api = 'v3'", db) == str(len(keys_of(v3)))
