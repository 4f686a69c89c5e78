"""Makes fakesnow's array-bound INSERTs fast enough for the test suite (installed by
support/fakesnow_server.py into the server process).

fakesnow executes an array binding one row at a time, and parses and transforms the same INSERT
text again for every row (about 10 ms a row in pure Python, 60-100 rows/s: a 3,800-row sample
load took over a minute). Snowflake runs the whole array as one statement. This keeps fakesnow's
own execution, but remembers the transformed statement per (SQL text, current database, current
schema), so each further row costs one DuckDB execution. Only INSERTs carrying server bindings
take this path, and the first row of each statement goes through fakesnow unchanged, so its checks
and error answers stay fakesnow's. aqpipe sends the same requests either way.
"""

from __future__ import annotations

_MAX_STATEMENTS = 256


def install() -> None:
    from fakesnow.cursor import FakeSnowflakeCursor

    original = FakeSnowflakeCursor.execute
    transformed_by_key: dict[tuple[str, str | None, str | None], object] = {}

    def execute(self, command, params=None, *args, **kwargs):
        row = kwargs.get("binding_params")
        if (not kwargs.get("server") or row is None or isinstance(row, dict)
                or command.lstrip()[:6].upper() != "INSERT"):
            return original(self, command, params, *args, **kwargs)
        key = (command, self._conn.database, self._conn.schema)
        transformed = transformed_by_key.get(key)
        if transformed is None:
            original(self, command, params, *args, **kwargs)
            if len(transformed_by_key) >= _MAX_STATEMENTS:
                transformed_by_key.clear()
            transformed_by_key[key] = self._last_transformed
            return self
        self._sqlstate = None
        self._execute(transformed, list(row))
        return self

    FakeSnowflakeCursor.execute = execute
