"""End-to-end tests of the aqpipe command line that are not table-in/table-out cases:
the bundled sample, `schema`, help and usage, JSON logs, `generate`, crash safety, threading.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import pathlib
import re
import signal
import sqlite3
import subprocess
import time

import pytest



from .caselib import parse_summary, read_rejects
from .runner import REPO, run_binary
from .warehouses import SQLiteWarehouse

SAMPLE = REPO / "data" / "sample"
SAMPLE_DATA_GLOB = str(SAMPLE / "belgium-2024-*")  # the seven data files, not the README
KEY = ("location_id", "parameter", "date_utc")


def sqlite_table(db: pathlib.Path, table: str = "measurements"):
    warehouse = SQLiteWarehouse()
    warehouse.path = db
    return warehouse.read_table(table)


def run_ok(aqpipe, *args):
    result = aqpipe(*args)
    assert result.code == 0, f"aqpipe {' '.join(map(str, args))} failed ({result.code}): {result.stderr}"
    return result


def load(aqpipe, tmp: pathlib.Path, source, db: pathlib.Path, *extra, rejects="rejects"):
    """One `aqpipe run` that must succeed; returns (summary counts, Completed)."""
    result = run_ok(aqpipe, "run", "--source", source, "--warehouse", f"sqlite:{db}", "--rejects", tmp / rejects,
                    *extra)
    counts = parse_summary(result.stdout)
    assert set(counts) == {"loaded", "read", "duplicates", "quarantined"}, f"no run summary: {result.stdout}"
    return counts, result


def openaq_key(record: dict) -> tuple:
    """The natural key of a generated record as aqpipe forms it (date.utc as written: all 'Z')."""
    return record["locationId"], record["parameter"], record["date"]["utc"]


def generated_records(directory: pathlib.Path):
    for path in sorted(directory.iterdir()):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


# ---------------------------------------------------------------------------------------------
# The bundled sample (data/sample.md documents its totals)


def test_sample_directory_loads_3700_rows_with_100_duplicates(aqpipe, tmp_workdir):
    db = tmp_workdir / "sample.db"
    counts, _ = load(aqpipe, tmp_workdir, SAMPLE, db)
    assert counts["loaded"] == 3700 and counts["duplicates"] == 100
    table = sqlite_table(db)
    assert len(table.rows) == 3700
    key = [table.columns.index(k) for k in KEY]
    assert len({tuple(row[i] for i in key) for row in table.rows}) == 3700
    types = dict(zip(table.columns, table.types))
    assert types["location_id"] == "BIGINT" and types["date_utc"] == "TIMESTAMP" and types["value"] == "DOUBLE"
    assert types["date_local_offset_minutes"] == "BIGINT" and types["is_mobile"] == "BOOLEAN"


def test_sample_directory_quarantines_nothing(aqpipe, tmp_workdir):
    counts, _ = load(aqpipe, tmp_workdir, SAMPLE, tmp_workdir / "sample.db")
    assert counts["read"] == 3800 and counts["quarantined"] == 0
    assert read_rejects(tmp_workdir / "rejects")[0] == []


def test_sample_directory_rerun_loads_nothing(aqpipe, tmp_workdir):
    db = tmp_workdir / "sample.db"
    load(aqpipe, tmp_workdir, SAMPLE, db)
    counts, result = load(aqpipe, tmp_workdir, SAMPLE, db)
    assert "loaded 0 new rows" in result.stdout and counts["duplicates"] == 3800


def test_sample_data_files_load_cleanly_and_rerun_loads_nothing(aqpipe, tmp_workdir):
    db = tmp_workdir / "sample.db"
    counts, _ = load(aqpipe, tmp_workdir, SAMPLE_DATA_GLOB, db)
    assert counts == {"loaded": 3700, "read": 3800, "duplicates": 100, "quarantined": 0}
    assert read_rejects(tmp_workdir / "rejects")[0] == [], "nothing was quarantined, yet a rejects file exists"
    first = sqlite_table(db)
    counts, result = load(aqpipe, tmp_workdir, SAMPLE_DATA_GLOB, db)
    assert "loaded 0 new rows" in result.stdout
    assert counts == {"loaded": 0, "read": 3800, "duplicates": 3800, "quarantined": 0}
    assert sqlite_table(db) == first


def test_sample_summer_time_switch_keeps_utc_and_offsets(aqpipe, tmp_workdir):
    """belgium-2024-03-envelope.json crosses the switch to summer time at 01:00 UTC on Mar 31."""
    db = tmp_workdir / "sample.db"
    load(aqpipe, tmp_workdir, SAMPLE / "belgium-2024-03-envelope.json", db)
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT DISTINCT date_utc, date_local, date_local_offset_minutes FROM measurements "
                         "WHERE date_utc IN ('2024-03-31 00:00:00', '2024-03-31 01:00:00') ORDER BY 1").fetchall()
        local = c.execute("SELECT DISTINCT datetime(date_local, printf('%+d minutes', date_local_offset_minutes)) "
                          "FROM measurements WHERE date_utc = '2024-03-31 01:00:00'").fetchall()
    # date_local is stored as the UTC instant; the offset column gives back the wall-clock time.
    assert rows == [("2024-03-31 00:00:00", "2024-03-31 00:00:00", 60),
                    ("2024-03-31 01:00:00", "2024-03-31 01:00:00", 120)]
    assert local == [("2024-03-31 03:00:00",)]


# ---------------------------------------------------------------------------------------------
# schema, help, version, usage errors


def schema_rows(stdout: str) -> dict:
    """source path -> (column, type) from `aqpipe schema` output."""
    rows = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        source, column, ctype = re.split(r"\s{2,}", line.strip())  # columns are padded: "%-32s %-40s %s"
        rows[source] = (column, ctype)
    return rows


def test_schema_lists_flattened_columns_types_and_key(aqpipe, tmp_workdir):
    result = run_ok(aqpipe, "schema", "--source", SAMPLE_DATA_GLOB, "--rejects", tmp_workdir / "rejects")
    assert result.stdout.splitlines()[0].split() == ["source", "path", "column", "type"]
    rows = schema_rows(result.stdout)
    assert rows["date.utc"] == ("date_utc (key)", "timestamp")
    assert rows["locationId"] == ("location_id (key)", "bigint")
    assert rows["parameter"] == ("parameter (key)", "string")
    assert rows["date.local"] == ("date_local", "timestamp")
    assert rows["date.local (UTC offset)"] == ("date_local_offset_minutes", "bigint")
    assert rows["coordinates.latitude"] == ("coordinates_latitude", "double")
    assert rows["isMobile"] == ("is_mobile", "boolean")
    assert "3800 records read from 7 files, 0 would be quarantined" in result.stdout
    assert list(tmp_workdir.iterdir()) == [], "schema must not load anything or write files"


def test_schema_marks_only_natural_key_columns_on_name_collision(aqpipe, tmp_workdir):
    source = REPO / "tests" / "e2e" / "cases" / "name_collision" / "input"
    result = run_ok(aqpipe, "schema", "--source", source, "--rejects", tmp_workdir / "rejects")
    rows = schema_rows(result.stdout)
    assert rows["locationId"] == ("location_id (key)", "bigint")
    assert rows["location_id"] == ("location_id_2", "string")


def subcommands(help_text: str) -> list:
    section = help_text.split("Subcommands:", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()]


def test_help_works_on_every_subcommand(aqpipe):
    top = run_ok(aqpipe, "--help")
    names = subcommands(top.stdout)
    assert {"run", "schema", "generate"} <= set(names), top.stdout
    for name in names:
        result = aqpipe(name, "--help")
        assert result.code == 0, f"{name} --help: exit {result.code}: {result.stderr}"
        assert re.search(rf"^Usage: \S+ {name} ", result.stdout, re.M), result.stdout
    run_help = aqpipe("run", "--help").stdout
    for flag in ("--source", "--warehouse", "--table", "--key", "--threads", "--max-bad-records", "--rejects"):
        assert flag in run_help
    for flag in ("--rows", "--out", "--seed", "--files", "--format", "--compression", "--duplicates"):
        assert flag in aqpipe("generate", "--help").stdout


def test_version_matches_the_project_version(aqpipe):
    version = re.search(r"project\(aqpipe VERSION ([\d.]+)", (REPO / "CMakeLists.txt").read_text()).group(1)
    result = run_ok(aqpipe, "--version")
    assert result.stdout.strip() == f"aqpipe {version}"


@pytest.mark.parametrize(("args", "message"), [
    ((), "A subcommand is required"),
    (("run", "--no-such-flag"), "--no-such-flag"),
    (("run", "--threads", "-1"), "--threads must be 0"),
    (("run", "--max-bad-records", "many"), "--max-bad-records takes a count"),
    (("run", "--warehouse", "sqlite:"), "needs a file path"),
    (("run", "--warehouse", "oracle://x"), "unknown --warehouse"),
    (("generate", "--rows", "10"), "--out is required"),
    (("generate", "--out", "x", "--format", "xml"), "--format"),
], ids=["no-subcommand", "unknown-flag", "negative-threads", "bad-max-bad-records", "sqlite-without-path",
        "unknown-warehouse", "generate-without-out", "generate-bad-format"])
def test_usage_errors_exit_2_with_a_message(aqpipe, tmp_workdir, args, message):
    result = aqpipe(*args)
    assert result.code == 2, f"exit {result.code}: {result.stdout} {result.stderr}"
    assert message in result.stderr + result.stdout
    assert list(tmp_workdir.iterdir()) == [], "a usage error must not create anything"


# ---------------------------------------------------------------------------------------------
# JSON logs


@pytest.mark.parametrize("where", ["before-subcommand", "after-subcommand", "environment"])
def test_log_format_json_prints_only_json_lines_on_stdout(aqpipe, tmp_workdir, where):
    source = REPO / "tests" / "e2e" / "cases" / "widening_int_double" / "input"  # gives a warning too
    run = ["run", "--source", source, "--warehouse", f"sqlite:{tmp_workdir / 'x.db'}",
           "--rejects", tmp_workdir / "rejects"]
    if where == "before-subcommand":
        result = aqpipe("--log-format", "json", *run)
    elif where == "after-subcommand":
        result = aqpipe(*run, "--log-format", "json")
    else:
        result = aqpipe(*run, env={"AQPIPE_LOG_FORMAT": "json"})
    assert result.code == 0, result.stderr
    assert result.stderr == "", "with --log-format json every line goes to stdout (CloudWatch)"
    lines = [json.loads(line) for line in result.stdout.splitlines()]  # every line must be JSON
    assert all({"time", "level", "message"} <= line.keys() for line in lines), lines
    assert any(line["level"] == "warning" and "widened" in line["message"] for line in lines), lines
    done = [line for line in lines if line["message"] == "run complete"]
    assert len(done) == 1 and done[0]["level"] == "info"
    # Counts are JSON numbers (they were strings: "4").
    assert (done[0]["loaded"], done[0]["records_read"], done[0]["duplicates"], done[0]["quarantined"]) == \
        (4, 4, 0, 0)


def test_log_format_json_reports_errors_as_json(aqpipe, tmp_workdir):
    result = aqpipe("--log-format", "json", "run", "--source", tmp_workdir / "missing",
                    "--warehouse", f"sqlite:{tmp_workdir / 'x.db'}")
    assert result.code == 1 and result.stderr == ""
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["level"] for line in lines] == ["error"]
    assert "does not exist" in lines[0]["message"]


# ---------------------------------------------------------------------------------------------
# generate


def tree_bytes(directory: pathlib.Path) -> dict:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("fmt", "codec"), [("jsonl", "none"), ("array", "gzip"), ("envelope", "zstd")])
def test_generate_is_deterministic_per_seed(aqpipe, tmp_workdir, fmt, codec):
    def generate(out, seed):
        run_ok(aqpipe, "generate", "--rows", "4000", "--files", "3", "--format", fmt, "--compression", codec,
               "--duplicates", "0.1", "--seed", seed, "--out", tmp_workdir / out)
        return tree_bytes(tmp_workdir / out)

    first, again, other = generate("a", "7"), generate("b", "7"), generate("c", "8")
    assert len(first) == 3
    assert first == again, "same seed, different bytes"
    assert first != other, "a different seed must give different data"


def test_generated_data_loads_one_row_per_distinct_key(aqpipe, tmp_workdir):
    out = tmp_workdir / "gen"
    run_ok(aqpipe, "generate", "--rows", "20000", "--files", "4", "--duplicates", "0.1", "--seed", "3",
           "--out", out)
    records = list(generated_records(out))
    assert len(records) == 20000
    distinct = len({openaq_key(r) for r in records})
    assert distinct < 20000, "--duplicates 0.1 should repeat some records"
    counts, _ = load(aqpipe, tmp_workdir, out, tmp_workdir / "gen.db")
    assert counts == {"read": 20000, "loaded": distinct, "duplicates": 20000 - distinct, "quarantined": 0}


def test_generated_formats_and_codecs_load_the_same_table(aqpipe, tmp_workdir):
    tables = {}
    for fmt, codec, files in [("jsonl", "none", 1), ("envelope", "gzip", 3), ("array", "zstd", 2)]:
        out = tmp_workdir / f"gen-{fmt}"
        run_ok(aqpipe, "generate", "--rows", "3000", "--files", files, "--format", fmt, "--compression", codec,
               "--seed", "5", "--out", out)
        counts, _ = load(aqpipe, tmp_workdir, out, tmp_workdir / f"{fmt}.db")
        assert counts["loaded"] == 3000 and counts["quarantined"] == 0
        table = sqlite_table(tmp_workdir / f"{fmt}.db")
        tables[fmt] = (table.columns, table.types, sorted(table.rows, key=repr))
    assert tables["jsonl"] == tables["envelope"] == tables["array"]


# ---------------------------------------------------------------------------------------------
# Crash safety: SIGKILL during a run


@pytest.fixture(scope="session")
def big_input(aqpipe_bin, tmp_path_factory) -> pathlib.Path:
    """~300k generated records (~100 MB): a load that takes about a second on two cores."""
    out = tmp_path_factory.mktemp("big") / "gen"
    result = run_binary(aqpipe_bin, ["generate", "--rows", "300000", "--files", "4", "--seed", "11",
                                     "--out", out], cwd=out.parent)
    assert result.code == 0, result.stderr
    return out


def fingerprint(db: pathlib.Path) -> tuple:
    """(columns with types, row count, digest of every row in key order) of the measurements table;
    the database must pass SQLite's integrity check."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"{db} is corrupt"
        columns = c.execute("SELECT name, type FROM pragma_table_info('measurements')").fetchall()
        count = 0
        for row in c.execute("SELECT * FROM measurements ORDER BY location_id, parameter, date_utc"):
            digest.update(repr(row).encode())
            count += 1
    return columns, count, digest.hexdigest()


PREVIOUS_LOAD = SAMPLE / "belgium-2024-01.jsonl"


@pytest.fixture(scope="session")
def big_reference(aqpipe_bin, big_input) -> tuple:
    """The table of PREVIOUS_LOAD then big_input, loaded without interruption."""
    db = big_input.parent / "reference.db"
    for source in (PREVIOUS_LOAD, big_input):
        result = run_binary(aqpipe_bin, ["run", "--source", source, "--warehouse", f"sqlite:{db}",
                                         "--rejects", big_input.parent / "rejects"], cwd=big_input.parent)
        assert result.code == 0, result.stderr
    return fingerprint(db)


@pytest.mark.parametrize("moment", ["while-loading", "while-committing"])
def test_sigkill_leaves_the_table_as_before_and_a_rerun_completes_it(aqpipe, aqpipe_bin, tmp_workdir, big_input,
                                                                      big_reference, moment):
    previous, reference = PREVIOUS_LOAD, big_reference
    db = tmp_workdir / "target.db"
    load(aqpipe, tmp_workdir, previous, db)
    before = fingerprint(db)
    journal = pathlib.Path(f"{db}-journal")
    size_before = db.stat().st_size

    process = subprocess.Popen([str(aqpipe_bin), "run", "--source", str(big_input), "--warehouse", f"sqlite:{db}",
                                "--rejects", str(tmp_workdir / "rejects"), "--threads", "1"],
                               cwd=tmp_workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        if moment == "while-loading":
            # The rollback journal appears once the run's write transaction has begun; the rows
            # reach the database file only at commit, about a second later.
            while process.poll() is None and not journal.exists() and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(0.3)
        else:
            # The database file grows when the commit starts writing pages.
            while process.poll() is None and db.stat().st_size == size_before and time.monotonic() < deadline:
                time.sleep(0.0005)
        still_running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    if moment == "while-loading":
        assert still_running, "the run finished before it could be killed: generate more rows"
    after = fingerprint(db)
    if code == -signal.SIGKILL:
        assert after == before, f"killed {moment}, the table is not as before the run: " \
                                f"{after[1]} rows, {before[1]} before"
    else:
        # The commit won the race with the kill: then the load must be complete.
        assert code == 0 and after == reference

    counts, _ = load(aqpipe, tmp_workdir, big_input, db)
    after = fingerprint(db)
    assert after == reference, f"the rerun after the kill did not give the table of a clean run: " \
                               f"{after[1]} rows, {reference[1]} in a clean run"
    assert counts["quarantined"] == 0


# ---------------------------------------------------------------------------------------------
# Warehouse errors


def test_warehouse_in_missing_directory_fails_with_a_clear_message(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE_DATA_GLOB, "--warehouse", "sqlite:/nonexistent-dir/x.db",
                    "--rejects", tmp_workdir / "rejects")
    assert result.code == 1
    assert "/nonexistent-dir" in result.stderr and "does not exist" in result.stderr
    assert "loaded" not in result.stdout
    assert not pathlib.Path("/nonexistent-dir").exists()
    assert list(tmp_workdir.iterdir()) == []


def test_warehouse_file_that_is_not_sqlite_is_refused_and_left_alone(aqpipe, tmp_workdir):
    db = tmp_workdir / "notes.db"
    db.write_bytes(b"these are my notes, not a database\n" * 10)
    result = aqpipe("run", "--source", SAMPLE_DATA_GLOB, "--warehouse", f"sqlite:{db}",
                    "--rejects", tmp_workdir / "rejects")
    assert result.code == 1
    assert "not a usable SQLite database" in result.stderr and str(db) in result.stderr
    assert db.read_bytes() == b"these are my notes, not a database\n" * 10


# ---------------------------------------------------------------------------------------------
# Threads and parallel byte ranges


@pytest.fixture(scope="module")
def threaded_input(aqpipe_bin, tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("threads") / "gen"
    result = run_binary(aqpipe_bin, ["generate", "--rows", "30000", "--files", "3", "--duplicates", "0.1",
                                     "--seed", "9", "--out", out], cwd=out.parent)
    assert result.code == 0, result.stderr
    return out


def test_one_thread_and_default_threads_give_identical_tables(aqpipe, tmp_workdir, threaded_input):
    runs = {"threads-1": ("--threads", "1"), "default": (),
            "threads-2-ranges-small-chunks": ("--threads", "2", "--split-mib", "1", "--chunk-mib", "1")}
    results = {}
    for name, extra in runs.items():
        db = tmp_workdir / f"{name}.db"
        counts, _ = load(aqpipe, tmp_workdir, threaded_input, db, *extra)
        results[name] = (counts, sqlite_table(db))  # rows in insertion (rowid) order
    counts, table = results["threads-1"]
    assert counts["read"] == 30000 and counts["loaded"] + counts["duplicates"] == 30000
    for name, (other_counts, other_table) in results.items():
        assert other_counts == counts, f"{name}: counts differ from --threads 1"
        assert other_table == table, f"{name}: table (or its row order) differs from --threads 1"


def fixed_width_jsonl(path: pathlib.Path, count: int, width: int, crlf: bool = False):
    """count OpenAQ-shaped records, each line exactly `width` bytes including its line end."""
    end = "\r\n" if crlf else "\n"
    with path.open("w", encoding="ascii", newline="") as f:
        for i in range(count):
            stem = json.dumps({"locationId": i, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"},
                               "value": i % 97, "pad": ""}, separators=(",", ":"))
            line = stem.replace('"pad":""', '"pad":"' + "x" * (width - len(stem) - len(end)) + '"')
            assert len(line) + len(end) == width
            f.write(line + end)


@pytest.mark.parametrize(("width", "crlf"), [(1024, False), (1000, False), (1024, True), (333, True)],
                         ids=["lines-aligned-to-range-ends", "lines-across-range-ends", "crlf-aligned",
                              "crlf-across"])
def test_parallel_byte_ranges_read_every_line_exactly_once(aqpipe, tmp_workdir, width, crlf):
    """A JSON Lines file over --split-mib is read as parallel byte ranges; a line starting exactly at
    a range end, or straddling it, must be read once (regression: records read twice)."""
    source = tmp_workdir / "big.jsonl"
    count = 4 * (1 << 20) // width + 7  # just over 4 MiB: ranges of 1 MiB with --split-mib 1
    fixed_width_jsonl(source, count, width, crlf)
    counts, _ = load(aqpipe, tmp_workdir, source, tmp_workdir / "x.db", "--split-mib", "1", "--threads", "2")
    assert counts == {"read": count, "loaded": count, "duplicates": 0, "quarantined": 0}
    with sqlite3.connect(tmp_workdir / "x.db") as c:
        assert c.execute("SELECT count(*), min(location_id), max(location_id) FROM measurements").fetchone() == \
            (count, 0, count - 1)


def test_parallel_byte_ranges_report_bad_lines_with_their_file_line_numbers(aqpipe, tmp_workdir):
    source = tmp_workdir / "big.jsonl"
    fixed_width_jsonl(source, 3000, 1000)
    lines = source.read_bytes().split(b"\n")
    bad = [1, 1049, 1500, 2098, 3000]  # 1-based; 1049 and 2098 straddle the 1 MiB range ends
    for n in bad:
        lines[n - 1] = lines[n - 1].replace(b'"value"', b'"value":NaN,"v"', 1)
    source.write_bytes(b"\n".join(lines))
    counts, _ = load(aqpipe, tmp_workdir, source, tmp_workdir / "x.db", "--split-mib", "1", "--threads", "2")
    assert counts == {"read": 3000, "loaded": 3000 - len(bad), "duplicates": 0, "quarantined": len(bad)}
    _, entries = read_rejects(tmp_workdir / "rejects")
    assert sorted((e["line"], e["record"]) for e in entries) == [(n, n) for n in bad]


# ---------------------------------------------------------------------------------------------
# The rejects file


def test_rejects_file_appears_only_when_something_was_quarantined(aqpipe, tmp_workdir):
    good = tmp_workdir / "in-good"
    good.mkdir()
    (good / "a.jsonl").write_text('{"locationId":1,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"}}\n')
    counts, result = load(aqpipe, tmp_workdir, good, tmp_workdir / "x.db", rejects="rejects-clean")
    assert counts["quarantined"] == 0
    assert read_rejects(tmp_workdir / "rejects-clean")[0] == []
    assert "->" not in result.stdout, "the summary must not point at a rejects file that does not exist"

    bad = tmp_workdir / "in-bad"
    bad.mkdir()
    (bad / "a.jsonl").write_text('{"locationId":2,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"}}\n'
                                 '{"locationId":3,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"}\n')
    counts, result = load(aqpipe, tmp_workdir, bad, tmp_workdir / "x.db", rejects="rejects-bad")
    assert counts["quarantined"] == 1 and counts["loaded"] == 1
    files, entries = read_rejects(tmp_workdir / "rejects-bad")
    assert len(files) == 1 and re.fullmatch(r"rejects-\d{8}T\d{6}Z-[0-9a-f]{4}\.jsonl", files[0].name)
    assert f"-> {files[0]}" in result.stdout
    assert [(e["source"], e["line"], e["record"]) for e in entries] == [(str(bad / "a.jsonl"), 2, 2)]
    assert entries[0]["raw"] == '{"locationId":3,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"}'
    assert [p.name for p in (tmp_workdir / "rejects-bad").iterdir()] == [files[0].name], "temporary files left"
