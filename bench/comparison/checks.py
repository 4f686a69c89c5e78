"""Before anything is timed: do the tools' outputs hold the same rows? Every output is read as
text into DuckDB and cast to the 16 typed columns (flatten.typed), so `19` and `19.0`, `true`
and `t` compare equal; then the row counts must match, and with `full` the two multisets of rows
must be equal (EXCEPT ALL both ways)."""
from __future__ import annotations

import csv
import sqlite3

import duckdb

from flatten import COLUMNS, typed


class CheckFailed(RuntimeError):
    pass


def csv_relation(paths: list[str]) -> str:
    listed = ", ".join(f"'{p}'" for p in paths)
    return f"read_csv([{listed}], header = true, all_varchar = true, union_by_name = true)"


def sqlite_to_csv(db: str, table: str, out: str) -> None:
    names = [name for name, _ in COLUMNS]
    with sqlite3.connect(db) as con, open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        writer.writerows(con.execute(f'SELECT {", ".join(names)} FROM "{table}"'))


def agree(what: str, counts: dict[str, int], expect: int | None = None) -> int:
    """Raises CheckFailed unless every tool's row count (and `expect`, when given) is the same."""
    if len(set(counts.values())) != 1 or (expect is not None and expect not in counts.values()):
        raise CheckFailed(f"{what}: row counts differ: {counts}" + (f", expected {expect}" if expect else ""))
    return next(iter(counts.values()))


def count(relation: str) -> int:
    return duckdb.connect().execute(f"SELECT count(*) FROM {relation}").fetchone()[0]


def same_rows(what: str, relations: dict[str, str], full: bool, expect: int | None = None) -> int:
    """relations: tool -> a DuckDB relation of text columns; the first is the reference.
    Without `full` only the counts are compared. Returns the row count; raises CheckFailed with
    what differs."""
    if not full:
        return agree(what, {tool: count(relation) for tool, relation in relations.items()}, expect)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    counts = {}
    for tool, relation in relations.items():
        con.execute(f'CREATE TABLE "{tool}" AS {typed(relation)}')
        counts[tool] = con.execute(f'SELECT count(*) FROM "{tool}"').fetchone()[0]
    rows = agree(what, counts, expect)
    reference = next(iter(relations))
    for tool in relations:
        if tool == reference:
            continue
        for a, b in ((reference, tool), (tool, reference)):
            n = con.execute(f'SELECT count(*) FROM (SELECT * FROM "{a}" EXCEPT ALL SELECT * FROM "{b}")').fetchone()[0]
            if n:
                sample = con.execute(f'SELECT * FROM "{a}" EXCEPT ALL SELECT * FROM "{b}" LIMIT 2').fetchall()
                raise CheckFailed(f"{what}: {n} rows of {a} are not in {b}, e.g. {sample}")
    con.close()
    return rows
