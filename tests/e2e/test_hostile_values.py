"""Values at the edges of what aqpipe can represent, beyond the table-in/table-out cases:
the --max-depth option (its default, its bounds) and timestamp typing whatever the record order.
"""

from __future__ import annotations

import json

import pytest

from .caselib import read_rejects
from .test_cli import sqlite_table


def nested(levels: int, location_id: int) -> dict:
    """A valid record whose deepest object is at `levels` (the record itself is level 1)."""
    record = {"locationId": location_id, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"}}
    inner = record
    for _ in range(levels - 1):
        inner["k"] = {}
        inner = inner["k"]
    inner["v"] = location_id
    return record


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_nesting_deeper_than_the_default_max_depth_of_64_is_quarantined_naming_the_option(aqpipe, tmp_workdir):
    write_jsonl(tmp_workdir / "deep.jsonl", [nested(64, 1), nested(65, 2)])
    result = aqpipe("run", "--source", "deep.jsonl", "--warehouse", "sqlite:out.db")
    assert result.code == 0, result.stderr
    table = sqlite_table(tmp_workdir / "out.db")
    assert [row[0] for row in table.rows] == [1]
    _, entries = read_rejects(tmp_workdir / "aqpipe-rejects")
    assert [e["line"] for e in entries] == [2]
    assert "more than 64 levels deep, the limit --max-depth sets" in entries[0]["reason"]


def test_max_depth_raised_loads_deeper_records(aqpipe, tmp_workdir):
    write_jsonl(tmp_workdir / "deep.jsonl", [nested(65, 1), nested(200, 2)])
    result = aqpipe("run", "--source", "deep.jsonl", "--warehouse", "sqlite:out.db", "--max-depth", "200")
    assert result.code == 0, result.stderr
    assert sorted(row[0] for row in sqlite_table(tmp_workdir / "out.db").rows) == [1, 2]
    assert not (tmp_workdir / "aqpipe-rejects").exists() or read_rejects(tmp_workdir / "aqpipe-rejects")[1] == []


@pytest.mark.parametrize("value", ["0", "-1", "1001", "many"])
def test_max_depth_out_of_bounds_is_a_usage_error(aqpipe, tmp_workdir, value):
    result = aqpipe("run", "--max-depth", value, "--warehouse", "sqlite:out.db")
    assert result.code == 2, f"exit {result.code}: {result.stdout} {result.stderr}"
    assert "--max-depth" in result.stderr + result.stdout
    assert not (tmp_workdir / "out.db").exists()


@pytest.mark.parametrize("bad_first", [True, False], ids=["bad-first", "bad-last"])
def test_timestamp_column_type_does_not_depend_on_record_order(aqpipe, tmp_workdir, bad_first):
    good = [{"locationId": i, "parameter": "pm25", "date": {"utc": f"2024-01-0{i}T00:00:00Z"},
             "seen": f"2024-01-0{i}T01:00:00+01:00"} for i in (1, 2, 3)]
    bad = {"locationId": 9, "parameter": "pm25", "date": {"utc": "2024-01-09T00:00:00Z"},
           "seen": "2024-02-30T00:00:00Z"}
    write_jsonl(tmp_workdir / "a.jsonl", [bad] + good if bad_first else good + [bad])
    result = aqpipe("run", "--source", "a.jsonl", "--warehouse", "sqlite:out.db")
    assert result.code == 0, result.stderr
    table = sqlite_table(tmp_workdir / "out.db")
    assert dict(zip(table.columns, table.types))["seen"] == "TIMESTAMP"
    assert sorted(row[0] for row in table.rows) == [1, 2, 3]
    _, entries = read_rejects(tmp_workdir / "aqpipe-rejects")
    assert len(entries) == 1 and "February 30 does not exist" in entries[0]["reason"]
