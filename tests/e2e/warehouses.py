"""The warehouses every end-to-end case runs against, one class each.

A warehouse class tells the tests how to point aqpipe at a fresh, private target and how to read a
table back in one backend-neutral form, so a case's expected.csv / expected_types.txt hold for
every backend:

* types are the canonical names BOOLEAN, BIGINT, DOUBLE, TIMESTAMP, TEXT (SQLite's declared
  types; JSON arrays are TEXT). A backend maps its own declared types onto these
  (e.g. PostgreSQL: bigint -> BIGINT, double precision -> DOUBLE, timestamptz -> TIMESTAMP,
  text/jsonb -> TEXT; Snowflake: NUMBER scale 0 -> BIGINT, FLOAT -> DOUBLE, TIMESTAMP_TZ ->
  TIMESTAMP, TEXT/VARIANT -> TEXT);
* values are None, bool, int, float or str; a timestamp is the UTC text
  "YYYY-MM-DD HH:MM:SS[.fraction]" with trailing zeros of the fraction dropped.
  A value stored in a way its column's type does not allow comes back as a StorageMismatch,
  which equals nothing, so the comparison fails and shows it.

To add a backend: subclass Warehouse, implement url() and read_table() (unique_keys(), extra_args(),
env() and close() when they apply), append it to WAREHOUSES. A new instance serves one test. Class
attribute `fixtures` names pytest fixtures the constructor receives, in order (e.g. a session-wide
server: `fixtures = ("postgres_server",)`). `available()` returns None when the backend can be
used, or the reason it cannot (its tests are then skipped with that reason).
"""

from __future__ import annotations

import datetime
import json
import pathlib
import re
import uuid
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


class JsonText(str):
    """JSON text read back from a JSON-typed column: equal to any text of the same JSON value
    (PostgreSQL's jsonb re-spaces arrays: '["a", "b"]' for '["a","b"]')."""

    def __eq__(self, other):
        if not isinstance(other, str):
            return False
        try:
            return json.loads(self) == json.loads(other)
        except ValueError:
            return str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


class MicrosecondTimestamp(str):
    """A timestamp from a warehouse that keeps microseconds (PostgreSQL): equal to a
    nanosecond-precision expected value once that is rounded to microseconds."""

    rounds = True  # False: the warehouse truncates to microseconds instead (duckdb)

    def __eq__(self, other):
        if not isinstance(other, str):
            return False
        whole, _, fraction = other.partition(".")
        if len(fraction) > 6:
            nanos = int(fraction.ljust(9, "0"))
            micros = round(nanos / 1000) if self.rounds else nanos // 1000
            if micros < 1_000_000:  # (a carry into the seconds is not needed by any case)
                fraction = f"{micros:06d}".rstrip("0")
            other = f"{whole}.{fraction}" if fraction else whole
        return str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


class TruncatedMicrosecondTimestamp(MicrosecondTimestamp):
    """A timestamp from fakesnow: duckdb keeps microseconds and drops the rest of the fraction
    (real Snowflake keeps all nine digits)."""

    rounds = False


class Warehouse:
    name = "abstract"
    fixtures: tuple = ()  # pytest fixtures passed to __init__
    # Warehouses with a load ledger skip, on a rerun, every source file they already loaded.
    keeps_ledger = False

    @classmethod
    def available(cls) -> Optional[str]:
        return None

    def url(self, tmp: pathlib.Path) -> str:
        """The --warehouse value of a new, empty target private to one test; tmp is a fresh dir."""
        raise NotImplementedError

    def extra_args(self) -> list:
        """More aqpipe flags this backend needs on every run (e.g. ["--schema", name])."""
        return []

    def env(self) -> dict:
        """Environment variables aqpipe needs on every run (e.g. a login), on top of the tests' own."""
        return {}

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


class PostgresWarehouse(Warehouse):
    """A fresh database per test on the session's throwaway PostgreSQL server (support/postgres_server.py)."""

    name = "postgresql"
    fixtures = ("postgres_server",)
    keeps_ledger = True
    TYPES = {"bigint": "BIGINT", "double precision": "DOUBLE", "boolean": "BOOLEAN",
             "timestamp with time zone": "TIMESTAMP", "text": "TEXT", "jsonb": "TEXT"}

    def __init__(self, server):
        self.server = server
        self.database = None

    @classmethod
    def available(cls) -> Optional[str]:
        from support.postgres_server import server_bin_dir
        try:
            server_bin_dir()
        except Exception as error:  # noqa: BLE001 - any reason means "cannot run here"
            return f"no PostgreSQL server binaries ({error})"
        return None

    def url(self, tmp: pathlib.Path) -> str:
        self.database = self.server.create_database("e2e_" + uuid.uuid4().hex[:12])
        return self.server.url(self.database)

    def _query(self, sql: str) -> str:
        return self.server.psql(sql, database=self.database)

    def read_table(self, name: str) -> Optional[Table]:
        info = self._query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                           f"'public' AND table_name = '{name}' ORDER BY ordinal_position")
        if not info:
            return None
        columns, types, exprs, json_columns = [], [], [], set()
        for line in info.splitlines():
            column, data_type = line.split("|", 1)
            if data_type == "jsonb":
                json_columns.add(len(columns))
            columns.append(column)
            types.append(self.TYPES.get(data_type, f"UNKNOWN({data_type})"))
            quoted = '"' + column.replace('"', '""') + '"'
            if data_type == "timestamp with time zone":
                exprs.append(f"to_char({quoted} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
            else:
                exprs.append(f"{quoted}::text")
        rows = []
        body = self._query(f'SELECT json_build_array({", ".join(exprs)}) FROM "{name}"')
        for line in body.splitlines() if body else []:
            values = json.loads(line)
            rows.append(tuple(JsonText(v) if i in json_columns and v is not None else self._canonical(v, t)
                              for i, (v, t) in enumerate(zip(values, types))))
        return Table(columns, types, rows)

    @staticmethod
    def _canonical(value, ctype: str):
        if value is None:
            return None
        if ctype == "BIGINT":
            return int(value)
        if ctype == "DOUBLE":
            return float(value)
        if ctype == "BOOLEAN":
            return value == "true"
        if ctype == "TIMESTAMP":
            whole, _, fraction = value.partition(".")
            fraction = fraction.rstrip("0")
            return MicrosecondTimestamp(f"{whole}.{fraction}" if fraction else whole)
        return value

    def unique_keys(self, name: str) -> Optional[list]:
        if self.database is None:
            return []
        out = self._query(
            "SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int2[], a.attnum)) "
            "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            f"WHERE i.indrelid = to_regclass('public.\"{name}\"') AND i.indisunique GROUP BY i.indexrelid")
        return [line.split(",") for line in out.splitlines()] if out else []


class SnowflakeWarehouse(Warehouse):
    """A fresh schema per test in the session's fakesnow server (support/fakesnow_server.py), a
    stand-in for a Snowflake account: duckdb underneath, reached through Snowflake's REST protocol."""

    name = "snowflake"
    fixtures = ("fakesnow_server",)
    keeps_ledger = True

    def __init__(self, server):
        self.server = server
        self.schema: Optional[str] = None
        self._connection = None

    @classmethod
    def available(cls) -> Optional[str]:
        try:
            import fakesnow.server  # noqa: F401
            import snowflake.connector  # noqa: F401
        except Exception as error:  # noqa: BLE001 - any reason means "cannot run here"
            return f"no fakesnow server (pip install -r requirements-dev.txt: {error})"
        return None

    def url(self, tmp: pathlib.Path) -> str:
        self.schema = "E2E_" + uuid.uuid4().hex[:12].upper()
        return "snowflake"

    def extra_args(self) -> list:
        return ["--schema", self.schema]

    def env(self) -> dict:
        return self.server.env()

    @staticmethod
    def stored_name(name: str) -> str:
        """How Snowflake stores an identifier aqpipe quotes: simple lower-case names upper-cased."""
        return name.upper() if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else name

    def _query(self, sql: str, params=None) -> list:
        if self._connection is None:
            self._connection = self.server.connect()
        return self._connection.cursor().execute(sql, params).fetchall()

    @staticmethod
    def _canonical_type(data_type: str, scale) -> str:
        if data_type == "NUMBER" and scale == 0:
            return "BIGINT"
        return {"FLOAT": "DOUBLE", "BOOLEAN": "BOOLEAN", "TIMESTAMP_TZ": "TIMESTAMP", "TEXT": "TEXT",
                "VARCHAR": "TEXT", "VARIANT": "TEXT"}.get(data_type, f"UNKNOWN({data_type}, scale {scale})")

    @staticmethod
    def _canonical(value, data_type: str, ctype: str):
        if value is None:
            return None
        if data_type == "VARIANT":
            return JsonText(value) if isinstance(value, str) else StorageMismatch(
                f"snowflake {type(value).__name__} {value!r} in a VARIANT column")
        ok = {"BIGINT": isinstance(value, int) and not isinstance(value, bool),
              "DOUBLE": isinstance(value, float),
              "BOOLEAN": isinstance(value, bool),
              "TIMESTAMP": isinstance(value, datetime.datetime) and value.tzinfo is not None,
              "TEXT": isinstance(value, str)}.get(ctype, False)
        if not ok:
            return StorageMismatch(f"snowflake {type(value).__name__} {value!r} in a {ctype} column")
        if ctype == "TIMESTAMP":
            utc = value.astimezone(datetime.timezone.utc)
            fraction = f"{utc.microsecond:06d}".rstrip("0")
            whole = f"{utc.year:04d}-" + utc.strftime("%m-%d %H:%M:%S")  # glibc's %Y: "1" for year 1
            return TruncatedMicrosecondTimestamp(f"{whole}.{fraction}" if fraction else whole)
        return value

    def read_table(self, name: str) -> Optional[Table]:
        if self.schema is None:
            return None
        from support.fakesnow_server import DATABASE
        info = self._query(f"SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_SCALE FROM {DATABASE}.INFORMATION_SCHEMA.COLUMNS "
                           "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
                           (self.schema, self.stored_name(name)))
        if not info:
            return None
        columns = [column.lower() if column == column.upper() else column for column, _, _ in info]
        data_types = [data_type for _, data_type, _ in info]
        types = [self._canonical_type(data_type, scale) for _, data_type, scale in info]
        # Each column with its IS NULL: fakesnow's result encoding turns a NULL TIMESTAMP_TZ into
        # 1970-01-01 00:00:00 on the client.
        quoted = ['"' + column.replace('"', '""') + '"' for column, _, _ in info]
        select = ", ".join(f"{q}, {q} IS NULL" for q in quoted)
        table = '"' + self.stored_name(name).replace('"', '""') + '"'
        rows = [tuple(None if raw[2 * i + 1] else self._canonical(raw[2 * i], data_types[i], types[i])
                      for i in range(len(quoted)))
                for raw in self._query(f"SELECT {select} FROM {DATABASE}.{self.schema}.{table}")]
        return Table(columns, types, rows)

    def close(self) -> None:
        try:
            if self._connection is not None and self.schema is not None:
                self._connection.cursor().execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
        finally:
            if self._connection is not None:
                self._connection.close()


# Every case runs once per entry.
WAREHOUSES = [SQLiteWarehouse, PostgresWarehouse, SnowflakeWarehouse]
