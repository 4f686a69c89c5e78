"""The command line against hostile or careless use (issue 8): usage errors instead of silent data
loss, what killed and failed runs leave behind, bounded quarantine, the bundled sample only for the
first try, JSON log numbers, and secrets that never reach output while user names do.
"""

from __future__ import annotations

import json
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import time

import pytest

from .caselib import parse_summary, read_rejects
from .runner import REPO

SAMPLE = REPO / "data" / "sample"
SAMPLE_FILE = SAMPLE / "belgium-2024-01.jsonl"
GOOD = '{"locationId":1,"parameter":"pm25","value":1.5,"date":{"utc":"2024-01-01T00:00:00Z"}}\n'


def rows(db: pathlib.Path, table: str = "measurements") -> int:
    with sqlite3.connect(db) as c:
        return c.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


# ---------------------------------------------------------------------------------------------
# Natural key


def test_empty_key_is_a_usage_error_that_names_no_dedup(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}", "--key", "")
    assert result.code == 2, result.stderr
    assert "--no-dedup" in result.stderr and "--key" in result.stderr
    assert not db.exists()


def test_no_dedup_loads_every_record_again_on_rerun_and_says_so(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    for run in (1, 2):
        result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}", "--no-dedup")
        assert result.code == 0, result.stderr
        assert "not deduplicated (--no-dedup)" in result.stdout
        counts = parse_summary(result.stdout)
        assert counts["duplicates"] == 0 and counts["loaded"] == counts["read"]
    assert rows(db) == 2 * counts["read"]


def test_no_dedup_with_an_explicit_key_is_a_usage_error(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{tmp_workdir / 'x.db'}",
                    "--no-dedup", "--key", "location_id")
    assert result.code == 2 and "--no-dedup" in result.stderr


def test_key_column_named_twice_is_a_usage_error(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}",
                    "--key", "location_id,location_id")
    assert result.code == 2
    assert "location_id twice" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize("key, hint", [
    ("nosuch", None),
    ("locationId,parameter,date_utc", "locationId is loaded as location_id"),
    ("location_id,parameter,date.utc", "date.utc is loaded as date_utc"),
])
def test_key_naming_no_column_is_a_usage_error_listing_the_columns(aqpipe, tmp_workdir, key, hint):
    db = tmp_workdir / "x.db"
    rejects = tmp_workdir / "rejects"
    result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}", "--key", key,
                    "--rejects", rejects)
    assert result.code == 2, result.stderr
    assert "no column of the input" in result.stderr
    assert "location_id" in result.stderr and "date_utc" in result.stderr, "the columns are listed"
    if hint:
        assert hint in result.stderr
    assert result.stdout == "", "no run summary"
    assert not db.exists(), "nothing written: not even an empty database file"
    assert read_rejects(rejects) == ([], []), "nothing quarantined"


def test_key_naming_no_column_leaves_an_existing_table_untouched(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    assert aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}").code == 0
    before = rows(db)
    other = tmp_workdir / "more.jsonl"
    other.write_text(GOOD.replace('"locationId":1', '"locationId":99'))
    result = aqpipe("run", "--source", other, "--warehouse", f"sqlite:{db}", "--key", "station")
    assert result.code == 2
    assert rows(db) == before


# ---------------------------------------------------------------------------------------------
# Flag values


@pytest.mark.parametrize("args, message", [
    (("--max-bad-records", "1.5"), "--max-bad-records takes a count"),
    (("--max-bad-records", "-1"), "--max-bad-records takes a count"),
    (("--split-mib", "0"), "--split-mib"),
    (("--max-record-mib", "0"), "--max-record-mib"),
    (("--max-rejects-mib", "0"), "--max-rejects-mib"),
    (("--table", ""), "--table needs a table name"),
    (("--schema", ""), "--schema needs a schema name"),
], ids=["fractional-count", "negative-count", "split-0", "max-record-0", "max-rejects-0",
        "empty-table", "empty-schema"])
def test_bad_flag_values_are_usage_errors(aqpipe, tmp_workdir, args, message):
    db = tmp_workdir / "x.db"
    result = aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}", *args)
    assert result.code == 2, result.stderr
    assert message in result.stderr
    assert not db.exists()


# ---------------------------------------------------------------------------------------------
# The bundled sample


def test_run_with_a_warehouse_and_no_source_is_a_usage_error_naming_source(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    result = aqpipe("run", "--warehouse", f"sqlite:{db}")
    assert result.code == 2
    assert "--source" in result.stderr
    assert not db.exists(), "the sample must not be loaded into a named warehouse"


def test_run_with_an_output_and_no_source_is_a_usage_error(aqpipe, tmp_workdir):
    result = aqpipe("run", "--output", tmp_workdir / "out")
    assert result.code == 2 and "--source" in result.stderr
    assert not (tmp_workdir / "out").exists()


def test_run_with_nothing_loads_the_bundled_sample_and_says_so(aqpipe, tmp_workdir):
    result = aqpipe("run")
    assert result.code == 0, result.stderr
    assert "loading the bundled synthetic sample" in result.stderr
    assert rows(tmp_workdir / "aqpipe.db") == 3700


def test_source_sample_loads_the_bundled_sample_into_a_named_warehouse(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    result = aqpipe("run", "--source", "sample", "--warehouse", f"sqlite:{db}")
    assert result.code == 0, result.stderr
    assert rows(db) == 3700


# ---------------------------------------------------------------------------------------------
# What killed and failed runs leave behind


def test_stale_temp_files_of_dead_runs_are_removed_and_reported(aqpipe, tmp_workdir):
    out, rejects = tmp_workdir / "out", tmp_workdir / "rejects"
    out.mkdir()
    rejects.mkdir()
    pid = dead_pid()
    stale = [out / f"part-x-00000.csv.gz.aqpipe-tmp-{pid}-0", rejects / f"rejects-x.jsonl.aqpipe-tmp-{pid}-1"]
    for path in stale:
        path.write_bytes(b"half written")
    unrelated = out / "notes.aqpipe-tmp-abc"  # not our naming pattern: left alone
    unrelated.write_text("mine")
    result = aqpipe("run", "--source", SAMPLE_FILE, "--output", out, "--rejects", rejects)
    assert result.code == 0, result.stderr
    assert not any(path.exists() for path in stale)
    assert unrelated.exists()
    assert "temporary file(s) of killed runs" in result.stderr


def test_sigkill_leaves_temp_files_that_the_next_run_removes(aqpipe, aqpipe_bin, tmp_workdir):
    gen = tmp_workdir / "gen"
    assert aqpipe("generate", "--rows", "400000", "--out", gen).code == 0
    out = tmp_workdir / "out"
    process = subprocess.Popen([str(aqpipe_bin), "run", "--source", str(gen), "--output", str(out),
                                "--threads", "1"], cwd=tmp_workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline and \
                not (out.is_dir() and list(out.glob("*.aqpipe-tmp-*"))):
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if not list(out.glob("*.aqpipe-tmp-*")):
        pytest.skip("the run finished before a temporary part file could be caught")
    result = aqpipe("run", "--source", SAMPLE_FILE, "--output", out)
    assert result.code == 0, result.stderr
    assert list(out.glob("*.aqpipe-tmp-*")) == []
    assert "temporary file(s) of killed runs" in result.stderr


def test_failed_run_to_a_new_sqlite_path_leaves_no_database_file(aqpipe, tmp_workdir):
    source = tmp_workdir / "bad.jsonl"
    source.write_text(GOOD + "{not json\n")
    db = tmp_workdir / "new.db"
    result = aqpipe("run", "--source", source, "--warehouse", f"sqlite:{db}", "--max-bad-records", "0",
                    "--rejects", tmp_workdir / "rejects")
    assert result.code == 3, result.stderr
    assert not db.exists(), "a 0-byte database file was left behind"
    assert not pathlib.Path(f"{db}-journal").exists()


def test_failed_run_keeps_an_existing_database_file(aqpipe, tmp_workdir):
    db = tmp_workdir / "x.db"
    assert aqpipe("run", "--source", SAMPLE_FILE, "--warehouse", f"sqlite:{db}").code == 0
    source = tmp_workdir / "bad.jsonl"
    source.write_text("{not json\n")
    result = aqpipe("run", "--source", source, "--warehouse", f"sqlite:{db}", "--max-bad-records", "0",
                    "--rejects", tmp_workdir / "rejects")
    assert result.code == 3
    assert rows(db) > 0


# ---------------------------------------------------------------------------------------------
# Bounded quarantine


def test_rejects_of_random_garbage_are_capped_and_fail_the_run(aqpipe, tmp_workdir):
    garbage = tmp_workdir / "urandom.bin"
    garbage.write_bytes(random.Random(8).randbytes(12 << 20))  # like /dev/urandom, reproducibly
    db, rejects = tmp_workdir / "x.db", tmp_workdir / "rejects"
    result = aqpipe("run", "--source", garbage, "--warehouse", f"sqlite:{db}", "--rejects", rejects,
                    "--max-rejects-mib", "1")
    assert result.code == 3, result.stderr
    assert "--max-rejects-mib" in result.stderr
    files, entries = read_rejects(rejects)
    assert len(files) == 1 and entries, "the records up to the cap are kept, to explain the failure"
    assert files[0].stat().st_size <= 1 << 20
    assert not db.exists()


def test_a_huge_bad_record_keeps_only_its_first_64_kib_in_the_rejects_file(aqpipe, tmp_workdir):
    source = tmp_workdir / "big.jsonl"
    bad = "{" + "x" * 200_000 + "\n"
    source.write_text(GOOD + bad)
    rejects = tmp_workdir / "rejects"
    result = aqpipe("run", "--source", source, "--warehouse", f"sqlite:{tmp_workdir / 'x.db'}",
                    "--rejects", rejects)
    assert result.code == 0, result.stderr
    _, entries = read_rejects(rejects)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["raw_truncated"] is True and entry["raw_bytes"] == len(bad) - 1
    assert entry["raw"] == bad[:64 << 10]


# ---------------------------------------------------------------------------------------------
# Logs and secrets


def test_json_log_numbers_are_json_numbers(aqpipe, tmp_workdir):
    result = aqpipe("--log-format", "json", "run", "--source", SAMPLE_FILE,
                    "--warehouse", f"sqlite:{tmp_workdir / 'x.db'}")
    assert result.code == 0, result.stderr
    done = [line for line in map(json.loads, result.stdout.splitlines()) if line["message"] == "run complete"]
    assert len(done) == 1
    for name in ("objects", "objects_skipped", "bytes", "records_read", "loaded", "duplicates", "quarantined"):
        assert type(done[0][name]) is int, (name, done[0][name])
    assert isinstance(done[0]["seconds"], (int, float))


def offline_aws_env(tmp: pathlib.Path) -> dict:
    """AWS settings that point every endpoint at a closed local port: nothing leaves the machine."""
    return {"HOME": str(tmp), "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEKEY123456",
            "AWS_SECRET_ACCESS_KEY": "secret-access-key-example-0001", "AWS_SESSION_TOKEN": "session-token-0001",
            "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1"}


def test_aws_check_honours_log_format_json(aqpipe, tmp_workdir):
    env = offline_aws_env(tmp_workdir)
    result = aqpipe("--log-format", "json", "aws-check", env=env)
    assert result.code == 1, "the identity check cannot reach STS"
    lines = [json.loads(line) for line in (result.stdout + result.stderr).splitlines()]  # every line JSON
    assert any(line.get("check") == "region" and line["region"] == "eu-west-1" for line in lines), lines
    assert any(line["level"] == "error" for line in lines)
    for secret in (env["AWS_SECRET_ACCESS_KEY"], env["AWS_SESSION_TOKEN"]):
        assert secret not in result.stdout + result.stderr


def test_user_named_like_the_bucket_and_file_is_printed_as_written(aqpipe, tmp_workdir):
    # With a Snowflake user named capstone, s3://capstone-raw/... printed as s3://[redacted]-raw/...
    env = {"SNOWFLAKE_URL": "http://127.0.0.1:9", "SNOWFLAKE_ACCOUNT": "capstone", "SNOWFLAKE_USER": "capstone",
           "SNOWFLAKE_DATABASE": "capstone", "SNOWFLAKE_PASSWORD": "pw-for-capstone-42"}
    missing = tmp_workdir / "capstone-raw" / "none.json"
    result = aqpipe("run", "--source", missing, "--warehouse", "snowflake", "--schema", "s",
                    env={**offline_aws_env(tmp_workdir), **env}, timeout=180)
    assert result.code != 0
    assert "[redacted]" not in result.stderr, result.stderr
    assert "pw-for-capstone-42" not in result.stdout + result.stderr
