"""End-to-end tests of hostile inputs at the reader level that need more data than a case folder
should hold: a broken first line before 100,000 good ones, records larger than the largest buffer.
"""

from __future__ import annotations

import json
import pathlib

from .caselib import parse_summary, read_rejects


def record(i: int, **extra) -> str:
    return json.dumps({"locationId": i, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"},
                       "value": i, **extra}, separators=(",", ":"))


def run_load(aqpipe, tmp: pathlib.Path, source: pathlib.Path, *extra):
    result = aqpipe("run", "--source", source, "--warehouse", f"sqlite:{tmp / 'out.db'}", "--rejects",
                    tmp / "rejects", *extra, timeout=300)
    assert result.code == 0, result.stderr
    _, rejects = read_rejects(tmp / "rejects")
    return parse_summary(result.stdout), rejects


def test_broken_first_line_loses_none_of_100000_good_lines(aqpipe, tmp_workdir):
    source = tmp_workdir / "big.jsonl"
    with source.open("w") as f:
        f.write(record(0)[:40] + "\n")  # cut inside a string
        for i in range(1, 100_001):
            f.write(record(i) + "\n")
    counts, rejects = run_load(aqpipe, tmp_workdir, source)
    assert counts == {"read": 100_001, "loaded": 100_000, "duplicates": 0, "quarantined": 1}
    assert [(r["line"], r["record"]) for r in rejects] == [(1, 1)]


def test_broken_first_line_of_a_file_over_64_mib_does_not_fail_the_run(aqpipe, tmp_workdir):
    # The file used to be read as one concatenated record and fail with "larger than 64 MiB".
    source = tmp_workdir / "huge.jsonl"
    pad = "p" * 900
    with source.open("w") as f:
        f.write('{"locationId": 0, "parameter": "pm25",\n')  # cut after a comma
        for i in range(1, 80_001):
            f.write(record(i, pad=pad) + "\n")
    assert source.stat().st_size > 64 << 20
    counts, rejects = run_load(aqpipe, tmp_workdir, source)
    assert counts["loaded"] == 80_000
    assert counts["quarantined"] == 1


def test_record_larger_than_every_buffer_is_quarantined_and_the_rest_loads(aqpipe, tmp_workdir):
    big = record(2, pad="x" * (3 << 20))
    lines_dir = tmp_workdir / "in"
    lines_dir.mkdir()
    (lines_dir / "a.jsonl").write_text(record(1) + "\n" + big + "\n" + record(3) + "\n")
    (lines_dir / "b.json").write_text("[\n" + record(4) + ",\n" + big.replace('"locationId":2', '"locationId":5')
                                      + ",\n" + record(6) + "\n]\n")
    counts, rejects = run_load(aqpipe, tmp_workdir, lines_dir, "--max-record-mib", "1", "--chunk-mib", "1")
    assert counts == {"read": 6, "loaded": 4, "duplicates": 0, "quarantined": 2}
    assert [(r["source"].rsplit("/", 1)[-1], r["line"]) for r in rejects] == [("a.jsonl", 2), ("b.json", 3)]
    for reject in rejects:
        assert "larger than 1 MiB" in reject["reason"] and "--max-record-mib" in reject["reason"]
        assert len(reject["raw"]) <= 1 << 20
