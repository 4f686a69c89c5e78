"""The warehouses every end-to-end case runs against, one class each.

A warehouse class tells the tests how to point aqpipe at a fresh, private target and how to read a
table back in one backend-neutral form, so a case's expected.csv / expected_types.txt hold for
every backend:

* types are the canonical names BOOLEAN, BIGINT, DOUBLE, TIMESTAMP, TEXT (SQLite's declared
  types; JSON arrays are TEXT). A backend maps its own declared types onto these
  (e.g. PostgreSQL: bigint -> BIGINT, double precision -> DOUBLE, timestamptz -> TIMESTAMP,
  text/jsonb -> TEXT);
* values are None, bool, int, float or str; a timestamp is the UTC text
  "YYYY-MM-DD HH:MM:SS[.fraction]" with trailing zeros of the fraction dropped.
  A value stored in a way its column's type does not allow comes back as a StorageMismatch,
  which equals nothing, so the comparison fails and shows it.

To add a backend: subclass Warehouse, implement url() and read_table() (unique_keys(), extra_args()
and close() when they apply), append it to WAREHOUSES. A new instance serves one test. Class
attribute `fixtures` names pytest fixtures the constructor receives, in order (e.g. a session-wide
server: `fixtures = ("postgres_server",)`). `available()` returns None when the backend can be
used, or the reason it cannot (its tests are then skipped with that reason).
"""

from __future__ import annotations

import pathlib
import re
import sqlite3
from typing import NamedTuple, Optional

CANONICAL_TYPES = ("BOOLEAN", "BIGINT", "DOUBLE", "TIMESTAMP", "TEXT")
TIMESTAMP_TEXT = re.compile(r"^\d{4,5}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?$")


class Table(NamedTuple):
    columns: list  # names, in table order
    types: list    # canonical type per column
    rows: list     # tuples of canonical values, in the order the backend returned them


class StorageMismatch:
    """A stored value that its column's type does not allow (e.g. text '1' in a BOOLEAN column)."""

    def __init__(self, description: str):
        self.description = description

    def __eq__(self, other):
        return False

    def __hash__(self):
        return hash(self.description)

    def __repr__(self):
        return f"<{self.description}>"


class Warehouse:
    name = "abstract"
    fixtures: tuple = ()  # pytest fixtures passed to __init__

    @classmethod
    def available(cls) -> Optional[str]:
        return None

    def url(self, tmp: pathlib.Path) -> str:
        """The --warehouse value of a new, empty target private to one test; tmp is a fresh dir."""
        raise NotImplementedError

    def extra_args(self) -> list:
        """More aqpipe flags this backend needs on every run (e.g. ["--schema", name])."""
        return []

    def read_table(self, name: str) -> Optional[Table]:
        """The table in canonical form, or None when it does not exist."""
        raise NotImplementedError

    def unique_keys(self, name: str) -> Optional[list]:
        """Column lists of the table's unique indexes/constraints, or None if not checked."""
        return None

    def close(self) -> None:
        pass


class SQLiteWarehouse(Warehouse):
    name = "sqlite"

    def __init__(self):
        self.path: Optional[pathlib.Path] = None

    def url(self, tmp: pathlib.Path) -> str:
        self.path = tmp / "warehouse.db"
        return f"sqlite:{self.path}"

    def _connect(self) -> Optional[sqlite3.Connection]:
        if self.path is None or not self.path.exists():
            return None
        # query_only: reading back never changes the data. (Not mode=ro: after a killed run, the
        # first reader must be able to roll the hot journal back, as any SQLite client would.)
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA query_only = ON")
        return db

    @staticmethod
    def _canonical_type(declared: str) -> str:
        upper = declared.upper()
        if upper in ("BIGINT", "INTEGER", "INT"):
            return "BIGINT"
        if upper in ("DOUBLE", "REAL", "FLOAT"):
            return "DOUBLE"
        if upper in ("BOOLEAN", "TIMESTAMP", "TEXT"):
            return upper
        return f"UNKNOWN({declared})"

    @staticmethod
    def _canonical_value(value, storage: str, ctype: str):
        if storage == "null":
            return None
        ok = {
            "BIGINT": storage == "integer",
            "DOUBLE": storage == "real",
            "BOOLEAN": storage == "integer" and value in (0, 1),
            "TIMESTAMP": storage == "text" and bool(TIMESTAMP_TEXT.match(value)),
            "TEXT": storage == "text",
        }.get(ctype, False)
        if not ok:
            return StorageMismatch(f"sqlite {storage} {value!r} in a {ctype} column")
        return bool(value) if ctype == "BOOLEAN" else value

    def read_table(self, name: str) -> Optional[Table]:
        db = self._connect()
        if db is None:
            return None
        try:
            info = db.execute("SELECT name, type FROM pragma_table_info(?) ORDER BY cid", (name,)).fetchall()
            if not info:
                return None
            columns = [c for c, _ in info]
            types = [self._canonical_type(t) for _, t in info]
            quoted = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            rows = []
            for raw in db.execute(f'SELECT {quoted} FROM "{name}" ORDER BY rowid'):
                rows.append(tuple(self._canonical_value(raw[2 * i], raw[2 * i + 1], types[i])
                                  for i in range(len(columns))))
            return Table(columns, types, rows)
        finally:
            db.close()

    def unique_keys(self, name: str) -> Optional[list]:
        db = self._connect()
        if db is None:
            return []
        try:
            keys = []
            for _, index, unique, *_ in db.execute("SELECT * FROM pragma_index_list(?)", (name,)):
                if unique:
                    cols = db.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (index,))
                    keys.append([c for (c,) in cols])
            return keys
        finally:
            db.close()


# Every case runs once per entry. PostgreSQL and Snowflake classes go here when they exist.
WAREHOUSES = [SQLiteWarehouse]
