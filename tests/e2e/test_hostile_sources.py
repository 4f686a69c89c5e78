"""Sources that fight back: symbolic link loops and dangling links, standard input, and folders
that hold more than JSON. The progress line is only drawn on a terminal; its text is unit-tested
(src/pipeline/progress_test.cc)."""

from __future__ import annotations

import gzip
import os
import pathlib
import subprocess

from .caselib import parse_summary, read_rejects
from .runner import DEFAULT_TIMEOUT
from .warehouses import SQLiteWarehouse


def record(location: int, value: float = 1.5, hour: int = 0) -> str:
    return ('{"locationId":%d,"parameter":"pm25","date":{"utc":"2024-01-01T%02d:00:00Z"},"value":%s}\n'
            % (location, hour, value))


def rows(db: pathlib.Path):
    warehouse = SQLiteWarehouse()
    warehouse.path = db
    table = warehouse.read_table("measurements")
    return sorted(table.rows) if table else []


def run(aqpipe_bin, tmp: pathlib.Path, *args, stdin: bytes | None = None):
    """aqpipe run ... with `stdin` piped in; returns (code, stdout, stderr)."""
    command = [str(aqpipe_bin), "run", "--rejects", str(tmp / "rejects"), *map(str, args)]
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("AQPIPE_LOG_FORMAT", None)
    result = subprocess.run(command, cwd=tmp, env=env, input=stdin if stdin is not None else b"",
                            capture_output=True, timeout=DEFAULT_TIMEOUT)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def test_symlink_loop_reads_each_file_once_and_says_so(aqpipe_bin, tmp_workdir):
    data = tmp_workdir / "data"
    (data / "sub").mkdir(parents=True)
    (data / "a.jsonl").write_text(record(1))
    (data / "sub" / "b.jsonl").write_text(record(2))
    (data / "sub" / "loop").symlink_to("..")            # data/sub/loop -> data: a loop
    (data / "again").symlink_to("sub")                  # a second name of data/sub
    out = tmp_workdir / "out"
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", data, "--output", out)
    assert code == 0, stderr
    # Before: followed ~40 levels deep, 41 copies of each file read.
    assert parse_summary(stdout)["read"] == 2, stdout
    assert "read 2 records from 2 files" in stdout, stdout
    assert f"{data}/sub/loop -> {data}" in stderr and "loop" in stderr, stderr
    assert f"{data}/again -> {data}/sub" in stderr, stderr


def test_dangling_link_is_named_in_a_warning(aqpipe_bin, tmp_workdir):
    data = tmp_workdir / "data"
    data.mkdir()
    (data / "a.jsonl").write_text(record(1))
    (data / "gone.jsonl").symlink_to(tmp_workdir / "deleted.jsonl")
    db = tmp_workdir / "x.db"
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", data, "--warehouse", f"sqlite:{db}")
    assert code == 0, stderr
    assert "dangling symbolic link" in stderr, stderr
    assert f"{data}/gone.jsonl -> {tmp_workdir}/deleted.jsonl" in stderr, stderr
    assert len(rows(db)) == 1


def test_stdin_dash_reads_records_piped_in(aqpipe_bin, tmp_workdir):
    db = tmp_workdir / "x.db"
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "-", "--warehouse", f"sqlite:{db}",
                               stdin=(record(1) + record(2)).encode())
    assert code == 0, stderr
    assert parse_summary(stdout)["loaded"] == 2, stdout
    assert [r[0] for r in rows(db)] == [1, 2]


def test_stdin_is_sniffed_and_decompressed_like_a_file(aqpipe_bin, tmp_workdir):
    db = tmp_workdir / "x.db"
    array = ("[" + record(1).strip() + ",\n" + record(2).strip() + "]").encode()
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "-", "--warehouse", f"sqlite:{db}",
                               stdin=gzip.compress(array))
    assert code == 0, stderr
    assert parse_summary(stdout)["loaded"] == 2, stdout


def test_stdin_is_never_skipped_by_the_load_ledger(aqpipe_bin, tmp_workdir):
    # Every run's standard input is other data under the same name "-": the next run must read it.
    db = tmp_workdir / "x.db"
    for location in (1, 2):
        code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "-", "--warehouse", f"sqlite:{db}",
                                   stdin=record(location).encode())
        assert code == 0, stderr
        assert "load ledger" not in stdout, stdout
        assert parse_summary(stdout)["loaded"] == 1, stdout
    assert [r[0] for r in rows(db)] == [1, 2]


def test_stdin_bad_record_is_quarantined_under_the_name_dash(aqpipe_bin, tmp_workdir):
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "-", "--warehouse",
                               f"sqlite:{tmp_workdir / 'x.db'}", stdin=(record(1) + "{broken\n").encode())
    assert code == 0, stderr
    _, entries = read_rejects(tmp_workdir / "rejects")
    assert [(e["source"], e["line"]) for e in entries] == [("-", 2)]


def test_stdin_with_a_file_reads_both(aqpipe_bin, tmp_workdir):
    (tmp_workdir / "a.jsonl").write_text(record(1))
    db = tmp_workdir / "x.db"
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "a.jsonl", "--source", "-",
                               "--warehouse", f"sqlite:{db}", stdin=record(2).encode())
    assert code == 0, stderr
    assert [r[0] for r in rows(db)] == [1, 2]


def test_file_named_explicitly_is_read_whatever_its_extension(aqpipe_bin, tmp_workdir):
    (tmp_workdir / "export.txt").write_text(record(1))
    db = tmp_workdir / "x.db"
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", "export.txt", "--warehouse", f"sqlite:{db}")
    assert code == 0, stderr
    assert "not JSON data" not in stderr, stderr
    assert len(rows(db)) == 1


def test_folder_with_no_json_file_fails_naming_what_it_skipped(aqpipe_bin, tmp_workdir):
    data = tmp_workdir / "data"
    data.mkdir()
    (data / "readme.txt").write_text("hello\n")
    code, stdout, stderr = run(aqpipe_bin, tmp_workdir, "--source", data, "--warehouse",
                               f"sqlite:{tmp_workdir / 'x.db'}")
    assert code == 1, (stdout, stderr)
    assert "matches no JSON data files" in stderr and "readme.txt" in stderr, stderr
