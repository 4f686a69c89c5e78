"""The bulk load method: gzip CSV parts staged in S3 (moto), COPY INTO a staging table, then the
same merge as the direct method, against fakesnow (stand-ins for S3 and Snowflake; fakesnow's COPY
reads S3 through support/fakesnow_s3.py).

Covers issue 4's capstone command (`--source s3://... --secret snowflake/capstone/login`), bulk as
the default above the threshold, bulk and direct giving the same table (including the values CSV
makes hard: empty strings against NULL, quotes, commas, newlines, backslashes, \\N), a rerun, a
SIGKILL at each point of a bulk run, a named stage, and the staged files being removed.
"""

from __future__ import annotations

import itertools
import json
import os
import pathlib
import signal
import subprocess

import pytest

from support.fakesnow_server import DATABASE, PASSWORD, ROLE, USER, WAREHOUSE
from support.fault_proxy import FaultProxy
from support.moto_server import boto3_client

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
KEY = "LOCATION_ID, PARAMETER, DATE_UTC"
SECRET = "snowflake/capstone/login"
_names = itertools.count()


@pytest.fixture
def schema():
    return f"B{os.getpid()}_{next(_names)}"


@pytest.fixture
def bucket(snowflake_moto):
    name = f"aq-{os.getpid()}-{next(_names)}"
    boto3_client("s3", snowflake_moto.url).create_bucket(Bucket=name)
    return name


def aws_env(moto, server, **extra):
    env = server.env(AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1",
                     AWS_ACCESS_KEY_ID="AKIAAQPIPEBULK0001", AWS_SECRET_ACCESS_KEY="bulk-secret-key-0001",
                     AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/nonexistent",
                     AWS_SHARED_CREDENTIALS_FILE="/nonexistent")
    env.update(extra)
    return env


def upload(moto, bucket, prefix, directory):
    s3 = boto3_client("s3", moto.url)
    for path in sorted(pathlib.Path(directory).iterdir()):
        if path.is_file() and not path.name.endswith(".md"):
            s3.upload_file(str(path), bucket, f"{prefix}/{path.name}")


def keys_under(moto, bucket, prefix):
    listing = boto3_client("s3", moto.url).list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def table_rows(server, schema, table="MEASUREMENTS", order=KEY):
    return server.query(f"SELECT * FROM {DATABASE}.{schema}.{table} ORDER BY {order}")


def assert_same_rows(got, want, what):
    """Compares two tables without pytest's diff of every row (these have 200,000)."""
    if got != want:
        first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        raise AssertionError(f"{what}: {len(got)} rows where {len(want)} were expected; first "
                             f"difference at row {first}: {got[first:first + 1]} != {want[first:first + 1]}")


def copies_read(server):
    return [line.split()[-1] for line in server.log_path.read_text().splitlines()
            if line.startswith("COPY READ ")]


def test_capstone_command_from_s3_with_the_secret_loads_in_bulk(aqpipe, fakesnow_s3, snowflake_moto,
                                                                bucket, schema, tmp_path):
    sf, moto = fakesnow_s3, snowflake_moto
    generated = aqpipe("generate", "--rows", "12000", "--files", "3", "--out", tmp_path / "gen")
    assert generated.code == 0, generated.stderr
    upload(moto, bucket, "openaq/raw", tmp_path / "gen")
    boto3_client("secretsmanager", moto.url).create_secret(Name=SECRET, SecretString=json.dumps({
        "URL": sf.url, "USER_NAME": USER, "PASSWORD": PASSWORD, "DATABASE": DATABASE,
        "WAREHOUSE": WAREHOUSE, "ROLE": ROLE}))
    env = aws_env(moto, sf, SNOWFLAKE_URL="", SNOWFLAKE_USER="", SNOWFLAKE_PASSWORD="")
    command = ["run", "--source", f"s3://{bucket}/openaq/raw/", "--warehouse", "snowflake",
               "--secret", SECRET, "--schema", schema, "--table", "measurements"]

    first = aqpipe(*command, env=env)
    assert first.code == 0, first.stderr
    assert "(bulk load)" in first.stdout
    assert PASSWORD not in first.stdout + first.stderr
    assert "bulk-secret-key-0001" not in first.stdout + first.stderr
    read = copies_read(sf)
    assert read and all(url.startswith(f"s3://{bucket}/_aqpipe_stage/") for url in read)
    assert keys_under(moto, bucket, "_aqpipe_stage/") == []  # staged parts removed after the load

    # The same rows as a direct load of the same files (through SQLite as the reference count).
    reference = aqpipe("run", "--source", tmp_path / "gen", "--warehouse", f"sqlite:{tmp_path / 'r.db'}")
    assert reference.code == 0, reference.stderr
    loaded = int(first.stdout.split("loaded ")[1].split(" new rows")[0].replace(",", ""))
    assert loaded == int(reference.stdout.split("loaded ")[1].split(" new rows")[0].replace(",", ""))
    assert sf.query(f"SELECT COUNT(*), COUNT(DISTINCT {KEY}) FROM {DATABASE}.{schema}.MEASUREMENTS") == [
        (loaded, loaded)]
    types = dict(sf.query(f"SELECT COLUMN_NAME, DATA_TYPE FROM {DATABASE}.INFORMATION_SCHEMA.COLUMNS "
                          f"WHERE TABLE_SCHEMA = '{schema.upper()}' AND TABLE_NAME = 'MEASUREMENTS'"))
    assert {name: types.get(name) for name in ("LOCATION_ID", "PARAMETER", "VALUE", "DATE_UTC", "DATE_LOCAL",
                                               "COORDINATES_LATITUDE", "DATE_LOCAL_OFFSET_MINUTES")} == {
        "LOCATION_ID": "NUMBER", "PARAMETER": "TEXT", "VALUE": "FLOAT", "DATE_UTC": "TIMESTAMP_TZ",
        "DATE_LOCAL": "TIMESTAMP_TZ", "COORDINATES_LATITUDE": "FLOAT", "DATE_LOCAL_OFFSET_MINUTES": "NUMBER"}

    before = table_rows(sf, schema)
    again = aqpipe(*command, env=env)
    assert again.code == 0, again.stderr
    assert "loaded 0 new rows" in again.stdout and "skipped 3 files already in the load ledger" in again.stdout
    assert_same_rows(table_rows(sf, schema), before, "the table after a rerun")


TRICKY = [
    {"location_id": 1, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"}, "value": 1.5,
     "city": "", "note": "say \"hi\", then\nleave", "path": "C:\\data\\N", "raw": "\\N", "unit": None},
    {"location_id": 2, "parameter": "pm25", "date": {"utc": "2024-01-01T01:00:00Z"}, "value": -0.0,
     "city": "Zürich, CH", "note": "", "path": "\\", "raw": "NULL", "unit": "µg/m³"},
    {"location_id": 3, "parameter": "no2", "date": {"utc": "2024-01-01T02:00:00+02:00"}, "value": 7,
     "city": None, "note": "\r\n", "path": "a,b", "raw": "", "unit": "ppm", "tags": ["x", "y,z"]},
]


def test_bulk_and_direct_give_the_same_table_for_values_csv_finds_hard(aqpipe, fakesnow_s3, snowflake_moto,
                                                                       bucket, schema, tmp_path):
    sf, moto = fakesnow_s3, snowflake_moto
    source = tmp_path / "tricky.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in TRICKY))
    env = aws_env(moto, sf)
    for table, method in (("direct_t", "direct"), ("bulk_t", "bulk")):
        result = aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                        "--table", table, "--load-method", method, "--stage", f"s3://{bucket}/stage", env=env)
        assert result.code == 0, result.stderr
        assert f"({method} load)" in result.stdout
    direct = table_rows(sf, schema, "DIRECT_T", "LOCATION_ID")
    bulk = table_rows(sf, schema, "BULK_T", "LOCATION_ID")
    assert bulk == direct
    assert direct[0][3] != direct[1][3]  # a sanity check that the rows differ where they should
    by_id = {row[0]: row for row in bulk}
    columns = [c[0] for c in sf.query(f"SELECT COLUMN_NAME FROM {DATABASE}.INFORMATION_SCHEMA.COLUMNS WHERE "
                                     f"TABLE_SCHEMA = '{schema.upper()}' AND TABLE_NAME = 'BULK_T' "
                                     "ORDER BY ORDINAL_POSITION")]
    city, note, raw = columns.index("CITY"), columns.index("NOTE"), columns.index("RAW")
    assert by_id[1][city] == "" and by_id[3][city] is None  # empty string and NULL stay apart
    assert by_id[1][note] == 'say "hi", then\nleave' and by_id[3][note] == "\r\n"
    assert by_id[1][raw] == "\\N" and by_id[3][raw] == ""


def statement_of(body: bytes) -> str:
    try:
        return json.loads(body).get("sqlText", "")
    except ValueError:
        return ""


# Points of a bulk run, in order: (which proxy sees it, what the client sends there).
BULK_KILL_POINTS = {
    "putting the first part": ("s3", lambda method, path, body: method == "PUT" and "/stage/" in path),
    "copying into staging": ("snowflake", lambda method, path, body: statement_of(body).startswith("COPY INTO")),
    "moving rows into the table": ("snowflake", lambda method, path, body:
                                   statement_of(body).startswith("INSERT INTO") and '"MEASUREMENTS" (' in statement_of(body)),
    "committing": ("snowflake", lambda method, path, body: statement_of(body).strip() == "COMMIT"),
}


def test_sigkill_at_any_point_of_a_bulk_run_then_rerun_equals_one_clean_run(aqpipe, aqpipe_bin, fakesnow_s3,
                                                                           snowflake_moto, bucket, schema,
                                                                           tmp_path):
    """SIGKILL at each exact point of a bulk run (a fault proxy in front of S3 or Snowflake sees the
    client get there and kills it before forwarding): the table stays as it was every time, and a
    rerun equals one clean run."""
    sf, moto = fakesnow_s3, snowflake_moto
    generated = aqpipe("generate", "--rows", "6000", "--files", "2", "--out", tmp_path / "gen")
    assert generated.code == 0, generated.stderr
    env = aws_env(moto, sf)
    stage = ["--stage", f"s3://{bucket}/stage/", "--load-method", "bulk"]
    def load(table, source):
        result = aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                        "--table", table, *stage, env=env)
        assert result.code == 0, result.stderr
        return result

    # The reference: one clean run of each load, in the same order, into another table.
    load("reference", SAMPLE)
    assert "(bulk load)" in load("reference", tmp_path / "gen").stdout
    expected = table_rows(sf, schema, "REFERENCE")
    load("measurements", SAMPLE)
    before = table_rows(sf, schema)

    command = [str(aqpipe_bin), "run", "--source", str(tmp_path / "gen"), "--warehouse", "snowflake",
               "--schema", schema, "--table", "measurements", *stage]
    for point, (where, reached) in BULK_KILL_POINTS.items():
        process = None

        def kill_at_the_point(method, path, body):
            hit = reached(method, path, body)
            if hit and process is not None:
                process.send_signal(signal.SIGKILL)
            return hit

        with FaultProxy(moto.url if where == "s3" else sf.url, rate=0.0, on_request=kill_at_the_point) as proxy:
            run_env = dict(os.environ, **env)
            run_env["AWS_ENDPOINT_URL" if where == "s3" else "SNOWFLAKE_URL"] = proxy.url
            process = subprocess.Popen(command, cwd=tmp_path, env=run_env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            process.communicate(timeout=120)
            dropped = proxy.counts["dropped"]
        assert process.returncode == -signal.SIGKILL and dropped == 1, f"the run never reached {point!r}"
        sf.wait_idle()
        assert_same_rows(table_rows(sf, schema), before, f"a run killed while {point} left part of its rows")

    rerun = load("measurements", tmp_path / "gen")
    assert "(bulk load)" in rerun.stdout
    assert_same_rows(table_rows(sf, schema), expected, "the rerun after the kills")


def test_named_stage_loads_without_keys_in_the_copy(aqpipe, fakesnow_s3, snowflake_moto, bucket, schema,
                                                    tmp_path):
    sf, moto = fakesnow_s3, snowflake_moto
    sf.query(f"CREATE SCHEMA IF NOT EXISTS {DATABASE}.{schema}")
    sf.query(f"CREATE STAGE {DATABASE}.{schema}.OPENAQ_STAGE URL = 's3://{bucket}/named/'")
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "snowflake", "--schema", schema,
                    "--table", "measurements", "--load-method", "bulk", "--stage", f"s3://{bucket}/named/",
                    "--snowflake-stage", f"{DATABASE}.{schema}.OPENAQ_STAGE", env=aws_env(moto, sf))
    assert result.code == 0, result.stderr
    assert "loaded 3,700 new rows" in result.stdout and "(bulk load)" in result.stdout
    assert any(url.startswith(f"s3://{bucket}/named/") for url in copies_read(sf))
    assert keys_under(moto, bucket, "named/") == []


@pytest.mark.parametrize("args, message", [
    (["--load-method", "bulk"], "--load-method bulk needs an S3 location"),
    (["--load-method", "bulk", "--stage", "/tmp/stage"], "must be an s3:// location"),
    (["--snowflake-stage", "my_stage"], "--snowflake-stage needs --stage"),
    (["--stage", "s3://b/p/", "--snowflake-stage", "db.sch.stage; DROP TABLE x"], "is not a stage name"),
])
def test_bad_bulk_options_are_refused_with_the_fix(aqpipe, fakesnow_s3, snowflake_moto, schema, args, message):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "snowflake", "--schema", schema, *args,
                    env=aws_env(snowflake_moto, fakesnow_s3))
    assert result.code != 0
    assert message in result.stderr


def test_a_stage_aqpipe_cannot_write_to_fails_the_run_with_the_way_out(aqpipe, fakesnow_s3, snowflake_moto,
                                                                     schema, tmp_path):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "snowflake", "--schema", schema,
                    "--load-method", "bulk", "--stage", "s3://no-such-bucket-aqpipe/stage/",
                    env=aws_env(snowflake_moto, fakesnow_s3))
    assert result.code != 0
    assert "staging part file s3://no-such-bucket-aqpipe/stage/" in result.stderr
    assert "--load-method direct" in result.stderr
    assert fakesnow_s3.query(f"SELECT COUNT(*) FROM {DATABASE}.INFORMATION_SCHEMA.TABLES WHERE "
                             f"TABLE_SCHEMA = '{schema.upper()}' AND TABLE_NAME = 'MEASUREMENTS'") == [(0,)]
