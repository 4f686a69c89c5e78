"""bench/compare's own parts that decide whether a comparison is valid: the output check must
catch rows that differ (and only those), DuckDB's flattening SQL must give aqpipe's rows, and the
docs writer must replace only the measured size's section. Under a second; no PySpark needed."""
from __future__ import annotations

import gzip
import pathlib
import subprocess
import sys

import duckdb
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bench/comparison"))
import checks  # noqa: E402
import report  # noqa: E402
from flatten import COLUMNS, duckdb_select  # noqa: E402

HEADER = ",".join(name for name, _ in COLUMNS)
ROW = "4101,Arts-Loi,pm25,{value},2024-01-01 00:00:00,2024-01-01 00:00:00,µg/m³,50.8,4.3,BE,Bruxelles,{b},false,gov,ref,60"


def write_csv(path: pathlib.Path, rows: list[str]) -> str:
    path.write_text(HEADER + "\n" + "".join(r + "\n" for r in rows))
    return checks.csv_relation([str(path)])


def test_same_values_written_differently_compare_equal(tmp_path):
    a = write_csv(tmp_path / "a.csv", [ROW.format(value="19", b="true")])
    b = write_csv(tmp_path / "b.csv", [ROW.format(value="19.0", b="t")])
    assert checks.same_rows("t", {"a": a, "b": b}, full=True, expect=1) == 1


def test_a_changed_value_fails_the_full_check_only(tmp_path):
    a = write_csv(tmp_path / "a.csv", [ROW.format(value="19", b="true")])
    b = write_csv(tmp_path / "b.csv", [ROW.format(value="19.5", b="true")])
    assert checks.same_rows("t", {"a": a, "b": b}, full=False) == 1
    with pytest.raises(checks.CheckFailed, match="1 rows of a are not in b"):
        checks.same_rows("t", {"a": a, "b": b}, full=True)


def test_a_missing_or_repeated_row_fails_on_counts(tmp_path):
    row = ROW.format(value="19", b="true")
    a = write_csv(tmp_path / "a.csv", [row, row])
    b = write_csv(tmp_path / "b.csv", [row])
    with pytest.raises(checks.CheckFailed, match="row counts differ"):
        checks.same_rows("t", {"a": a, "b": b}, full=False)
    with pytest.raises(checks.CheckFailed, match="expected 3"):
        checks.same_rows("t", {"a": a, "b": a}, full=False, expect=3)


def test_duckdb_flattening_gives_aqpipes_rows(aqpipe_bin, tmp_path):
    subprocess.run([aqpipe_bin, "generate", "--rows", "500", "--duplicates", "0.1", "--out", tmp_path / "in"],
                   check=True, capture_output=True)
    subprocess.run([aqpipe_bin, "run", "--source", tmp_path / "in", "--output", tmp_path / "out",
                    "--rejects", tmp_path / "rejects"], check=True, capture_output=True)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"COPY ({duckdb_select(str(tmp_path / 'in/*.jsonl'))}) TO '{tmp_path / 'duck.csv'}' (HEADER)")
    parts = sorted(str(p) for p in (tmp_path / "out").glob("*.csv.gz"))
    with gzip.open(parts[0], "rt") as f:
        assert f.readline().strip() == HEADER  # aqpipe's columns are still the ones the bench asks for
    relations = {"aqpipe": checks.csv_relation(parts), "DuckDB": checks.csv_relation([str(tmp_path / "duck.csv")])}
    assert checks.same_rows("A", relations, full=True, expect=500) == 500


def test_docs_writer_replaces_only_its_sizes_section(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nby hand\n\n<!-- bench/compare 1G begin -->\nold 1G\n<!-- bench/compare 1G end -->\n")
    report.write_docs(doc, "100M", "new 100M")
    report.write_docs(doc, "1G", "new 1G")
    report.write_docs(doc, "1G", "newer 1G")
    text = doc.read_text()
    assert "by hand" in text and "new 100M" in text and "newer 1G" in text
    assert "old 1G" not in text and "new 1G\n" not in text
    assert text.count("<!-- bench/compare 1G begin -->") == 1
