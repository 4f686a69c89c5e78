"""Every case folder in tests/e2e/cases/, against every warehouse in warehouses.WAREHOUSES.

Each case is run twice over the same input. The first run must give the expected exit code,
table, column types, quarantined records and stderr; the second must change nothing, load
0 new rows (all duplicates) and quarantine the same records again. A failed run must leave the
table exactly as it was before it. tests/README.md explains the files of a case.
"""

from __future__ import annotations

import pathlib

import pytest

from .caselib import COUNT_NAMES, Case, case_dirs, known_bug, parse_summary, read_rejects, sort_key
from .warehouses import WAREHOUSES, Table


def _params():
    # Only xfail.txt is read here; the rest of a case is read by its test, so a malformed case
    # fails alone instead of breaking the collection of all of them.
    for directory in case_dirs():
        for warehouse in WAREHOUSES:
            marks = []
            bug = known_bug(directory)
            if bug:
                marks.append(pytest.mark.xfail(strict=True, reason=bug))
            unavailable = warehouse.available()
            if unavailable:
                marks.append(pytest.mark.skip(reason=f"{warehouse.name}: {unavailable}"))
            yield pytest.param(directory, warehouse, id=f"{directory.name}-{warehouse.name}", marks=marks)


def _show(rows) -> str:
    return "\n".join(f"    {row!r}" for row in rows) or "    (none)"


def assert_table(case: Case, actual: Table | None, when: str):
    if case.expected_table is None:
        if actual is not None and actual.rows:
            pytest.fail(f"{when}: expected no table or an empty one, but {case.table} has {len(actual.rows)} "
                        f"rows:\n{_show(actual.rows[:10])}")
        return
    assert actual is not None, f"{when}: table {case.table} does not exist"
    columns, types, rows = case.expected_table
    assert actual.columns == columns, f"{when}: columns differ:\n  got      {actual.columns}\n  expected {columns}"
    assert list(zip(actual.columns, actual.types)) == list(zip(columns, types)), f"{when}: column types differ"
    order = sort_key([columns.index(k) for k in case.key if k in columns])
    got, want = sorted(actual.rows, key=order), sorted(rows, key=order)
    if got != want:
        missing = [r for r in want if r not in got]
        unexpected = [r for r in got if r not in want]
        pytest.fail(f"{when}: rows of {case.table} differ from expected.csv\n  columns: {columns}\n"
                    f"  expected but missing:\n{_show(missing)}\n  present but not expected:\n{_show(unexpected)}\n"
                    f"  whole table (sorted):\n{_show(got)}")


def _relative_source(source: str, case: Case) -> str:
    try:
        return pathlib.Path(source).resolve().relative_to(case.input_dir.resolve()).as_posix()
    except ValueError:
        return pathlib.Path(source).name


def assert_rejects(case: Case, rejects_dir: pathlib.Path, output: str, when: str) -> list:
    files, entries = read_rejects(rejects_dir)
    if not case.expected_rejects:
        assert not files, f"{when}: a rejects file was written although nothing should be quarantined: " \
                          f"{[f.read_text() for f in files]}"
        return entries
    assert len(files) == 1, f"{when}: expected one rejects file in {rejects_dir}, found {files}"
    assert str(files[0]) in output, f"{when}: the run's output does not name the rejects file {files[0]}"
    for entry in entries:
        assert {"source", "line", "record", "reason"} <= entry.keys(), f"{when}: incomplete reject {entry}"
        assert ("raw" in entry) != ("raw_base64" in entry), f"{when}: a reject needs raw or raw_base64: {entry}"
    got = sorted(entries, key=lambda e: (_relative_source(e["source"], case), e["line"], e["record"]))
    want = sorted(case.expected_rejects, key=lambda e: (e["source"], e["line"], e["record"]))
    summary = "\n".join(f"    {_relative_source(e['source'], case)}:{e['line']} #{e['record']}: {e['reason']}"
                        for e in got)
    assert len(got) == len(want), f"{when}: {len(got)} records quarantined, expected {len(want)}:\n{summary}"
    for g, w in zip(got, want):
        source = _relative_source(g["source"], case)
        if "/" not in w["source"]:
            source = pathlib.Path(source).name
        assert (source, g["line"], g["record"]) == (w["source"], w["line"], w["record"]), \
            f"{when}: quarantined records differ from expected_rejects.jsonl:\n{summary}"
        assert w["reason"] in g["reason"], f"{when}: reason {g['reason']!r} does not contain {w['reason']!r}"
        for raw in ("raw", "raw_base64"):
            if raw in w:
                assert g.get(raw) == w[raw], f"{when}: {raw} of {source}:{g['line']} differs"
    return entries


def assert_stderr(case: Case, stderr: str, when: str, rerun: bool = False):
    for expected in case.expected_stderr:
        expected = expected.replace("{input}", str(case.input_dir))
        if rerun and (" widened from " in expected or " values, so it is loaded as string" in expected):
            continue  # the rerun starts from the table the first run made, which holds it as text
        assert expected in stderr, f"{when}: stderr does not contain {expected!r}:\n{stderr}"


@pytest.mark.parametrize(("case_dir", "warehouse_class"), list(_params()))
def test_case(case_dir: pathlib.Path, warehouse_class, aqpipe, tmp_workdir, request):
    case = Case(case_dir.name, case_dir)
    warehouse = warehouse_class(*(request.getfixturevalue(name) for name in warehouse_class.fixtures))
    target = tmp_workdir / "warehouse"
    target.mkdir()
    try:
        base = ["run", "--warehouse", warehouse.url(target), *warehouse.extra_args()]

        def run(label: str, source: pathlib.Path):
            rejects = tmp_workdir / f"rejects-{label}"
            result = aqpipe(*base, "--rejects", rejects, *case.run_args(source), env=warehouse.env())
            return result, rejects

        if case.preload_dir:
            preload, _ = run("preload", case.preload_dir)
            assert preload.code == 0, f"preloading {case.preload_dir} failed: {preload.stderr}"
        before = warehouse.read_table(case.table)

        first, rejects1 = run("first", case.input_dir)
        output1 = first.stdout + first.stderr
        assert first.code == case.expected_exit, (f"first run: exit {first.code}, expected {case.expected_exit}\n"
                                                  f"stdout: {first.stdout}\nstderr: {first.stderr}")
        assert_stderr(case, first.stderr, "first run")
        after1 = warehouse.read_table(case.table)
        assert_table(case, after1, "after the first run")
        entries1 = assert_rejects(case, rejects1, output1, "first run")
        if after1 is not None and all(k in after1.columns for k in case.key):
            keys = warehouse.unique_keys(case.table)
            if keys is not None:
                assert case.key in keys, f"table {case.table} has no unique key on {case.key}: {keys}"

        if first.code == 0:
            assert "error" not in first.stderr.lower(), f"a successful run logged an error: {first.stderr}"
            counts1 = parse_summary(first.stdout)
            assert set(counts1) == set(COUNT_NAMES), f"incomplete run summary: {first.stdout}"
            assert counts1["loaded"] + counts1["duplicates"] + counts1["quarantined"] == counts1["read"], \
                f"every record read must be loaded, skipped as a duplicate or quarantined: {counts1}"
            assert counts1["quarantined"] == len(entries1), \
                f"summary says {counts1['quarantined']} quarantined, the rejects file holds {len(entries1)}"
            for name, value in case.expected_counts.items():
                assert counts1[name] == value, \
                    f"first run: {name} = {counts1[name]}, expected {value}: {first.stdout}"
        else:
            assert "loaded" not in parse_summary(first.stdout), f"a failed run claims it loaded: {first.stdout}"
            if before is None:  # a backend without transactional DDL may leave an empty table behind
                assert after1 is None or not after1.rows, "a failed run loaded rows"
            else:
                assert after1 == before, "a failed run changed the table"

        second, rejects2 = run("second", case.input_dir)
        assert second.code == first.code, \
            f"second run (same input): exit {second.code}, first run gave {first.code}\nstderr: {second.stderr}"
        if not (warehouse.keeps_ledger and first.code == 0):  # a ledger rerun reads nothing to warn about
            assert_stderr(case, second.stderr, "second run", rerun=True)
        after2 = warehouse.read_table(case.table)
        assert after2 == after1, "the second run over the same input changed the table"
        _, entries2 = read_rejects(rejects2)
        if warehouse.keeps_ledger and first.code == 0:
            # The load ledger remembers every file of the first run: the rerun reads none of them.
            assert "already in the load ledger" in second.stdout, f"second run ignored the ledger: {second.stdout}"
            assert "loaded 0 new rows" in second.stdout and parse_summary(second.stdout).get("read") == 0, \
                f"second run read files the ledger lists: {second.stdout}"
            assert entries2 == [], "the second run quarantined records of files it should have skipped"
            return
        assert entries2 == entries1, "the second run quarantined other records than the first"
        if second.code == 0:
            counts2 = parse_summary(second.stdout)
            assert "loaded 0 new rows" in second.stdout, f"second run loaded rows again: {second.stdout}"
            assert counts2.get("read") == counts1["read"] and counts2.get("quarantined") == counts1["quarantined"]
            assert counts2.get("duplicates") == counts1["read"] - counts1["quarantined"], \
                f"second run: every good record is a duplicate now: {counts2}"
    finally:
        warehouse.close()
