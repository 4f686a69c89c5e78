"""`aqpipe analyze`: the two views' rows against an independent computation in Python over the
rows aqpipe loaded, in SQLite, PostgreSQL and Snowflake. Snowflake's SQL is checked on fakesnow
only (duckdb underneath, reached through Snowflake's REST protocol), never on a real account.

The measurements are made to catch the published mistakes: the same month in two years (month()
alone merges them), a gap of days before a day (a ROWS frame would reach back past it), several
readings a day (a window partitioned by day makes the "7-day max" the day's own max), one
parameter in two units (never compared), a parameter measured on a single day.
"""

from __future__ import annotations

import datetime
import json
import pathlib
from collections import defaultdict

import pytest

from e2e.warehouses import WAREHOUSES

TABLE = "air"


def record(location, parameter, unit, utc, value, location_id=1):
    return {"locationId": location_id, "location": location, "parameter": parameter, "value": value,
            "unit": unit, "date": {"utc": utc}}


MEASUREMENTS = [
    # pm25: January of two years; the 2024 max is smaller than the 2023 one.
    record("Gent", "pm25", "µg/m³", "2023-01-15T10:00:00Z", 50.0),
    record("Gent", "pm25", "µg/m³", "2023-01-20T10:00:00Z", 45.0),
    # several readings a day; Jan 2 is below Jan 1; Jan 3..8 missing; Jan 9: window Jan 2..8 holds
    # only Jan 2 (10); Jan 12: window Jan 5..11 holds only Jan 9 (5), so Jan 12 beats it.
    record("Gent", "pm25", "µg/m³", "2024-01-01T03:00:00Z", 30.0),
    record("Antwerpen", "pm25", "µg/m³", "2024-01-01T09:00:00Z", 12.0, 2),
    record("Gent", "pm25", "µg/m³", "2024-01-02T05:00:00Z", 10.0),
    record("Antwerpen", "pm25", "µg/m³", "2024-01-02T06:00:00Z", 8.0, 2),
    record("Gent", "pm25", "µg/m³", "2024-01-09T05:00:00Z", 5.0),
    record("Gent", "pm25", "µg/m³", "2024-01-12T05:00:00Z", 20.0),
    record("Antwerpen", "pm25", "µg/m³", "2024-01-12T07:00:00Z", 20.0, 2),  # a tie: earlier wins
    record("Gent", "pm25", "µg/m³", "2024-02-01T05:00:00Z", 25.0),
    # a day exactly 7 days after another: inside the window
    record("Gent", "pm25", "µg/m³", "2024-02-08T05:00:00Z", 24.0),
    # no2 in two units at two stations, the same days: never compared
    record("Gent", "no2", "µg/m³", "2024-01-01T08:00:00Z", 40.0),
    record("Gent", "no2", "µg/m³", "2024-01-02T08:00:00Z", 41.0),
    record("Brugge", "no2", "ppm", "2024-01-01T08:00:00Z", 0.05, 3),
    record("Brugge", "no2", "ppm", "2024-01-02T08:00:00Z", 0.02, 3),
    # so2 on a single day; near midnight, so a Brussels day differs from the UTC day
    record("Liège", "so2", "µg/m³", "2024-01-31T23:30:00Z", 7.0, 4),
    record("Liège", "so2", "µg/m³", "2024-01-31T12:00:00Z", 6.0, 4),
]


def expected_views(rows, offset_hours=0):
    """The views' rows computed in Python from the loaded rows: (parameter, unit, value,
    location, date_utc text) with days on UTC + offset_hours."""
    measured = []
    for parameter, unit, value, location, utc in rows:
        instant = datetime.datetime.fromisoformat(utc) + datetime.timedelta(hours=offset_hours)
        measured.append((parameter, unit, value, location, utc, instant.date()))

    def best(group):  # the max, the earliest on a tie, then the first location
        return sorted(group, key=lambda m: (-m[2], m[4], m[3]))[0]

    months, days = defaultdict(list), defaultdict(list)
    for m in measured:
        months[(m[5].year, m[5].month, m[0], m[1])].append(m)
        days[(m[5], m[0], m[1])].append(m)
    monthly = {(y, mo, p, u): (best(g)[2], best(g)[3], best(g)[4], len(g))
               for (y, mo, p, u), g in months.items()}
    day_max = {key: best(g) for key, g in days.items()}
    daily = {}
    for (day, p, u), top in day_max.items():
        prior = [day_max[(day - datetime.timedelta(days=k), p, u)][2] for k in range(1, 8)
                 if (day - datetime.timedelta(days=k), p, u) in day_max]
        prior_max = max(prior) if prior else None
        ratio = top[2] / prior_max if prior_max else None
        daily[(day.isoformat(), p, u)] = (top[2], top[3], top[4], len(days[(day, p, u)]), prior_max,
                                          len(prior), ratio, prior_max is not None and top[2] > prior_max)
    return monthly, daily


class ViewReader:
    """Reads a view's rows from one backend as (key, values) with Python values."""

    def __init__(self, warehouse):
        self.warehouse = warehouse

    def query(self, sql):
        w = self.warehouse
        if w.name == "sqlite":
            import sqlite3
            with sqlite3.connect(w.path) as db:
                return [list(r) for r in db.execute(sql)]
        if w.name == "postgresql":
            out = w.server.psql(f"SELECT row_to_json(x) FROM ({sql}) x", database=w.database)
            return [list(json.loads(line).values()) for line in out.splitlines()] if out else []
        return [list(r) for r in w._query(sql)]

    def monthly(self):
        rows = self.query(f"SELECT year, month, parameter, unit, max_value, location, {self.text('measured_at')}, "
                          f"measurements FROM {self.name(TABLE + '_monthly_max')}")
        return {(int(r[0]), int(r[1]), r[2], r[3]): (float(r[4]), r[5], r[6], int(r[7])) for r in rows}

    def daily(self):
        day = self.day_text("day")
        rows = self.query(f"SELECT {day}, parameter, unit, day_max, location, {self.text('measured_at')}, measurements, "
                          f"prior_7day_max, prior_days, ratio, exceeds FROM {self.name(TABLE + '_daily_vs_7day_max')}")
        return {(r[0], r[1], r[2]): (float(r[3]), r[4], r[5], int(r[6]), None if r[7] is None else float(r[7]),
                                     int(r[8]), None if r[9] is None else float(r[9]), bool(r[10]))
                for r in rows}

    def name(self, view):
        if self.warehouse.name == "snowflake":
            from support.fakesnow_server import DATABASE
            return f"{DATABASE}.{self.warehouse.schema}.{view.upper()}"
        return f'"{view}"'

    def text(self, column):
        return {"sqlite": column,
                "postgresql": f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS {column}",
                "snowflake": f"TO_CHAR(CONVERT_TIMEZONE('UTC', {column}), 'YYYY-MM-DD HH24:MI:SS')"}[self.warehouse.name]

    def day_text(self, column):
        return {"sqlite": column, "postgresql": f"to_char({column}, 'YYYY-MM-DD') AS {column}",
                "snowflake": f"TO_CHAR({column}, 'YYYY-MM-DD')"}[self.warehouse.name]


def approx_rows(actual: dict, expected: dict):
    assert sorted(actual) == sorted(expected)
    for key in expected:
        assert actual[key] == pytest.approx(expected[key]), key


@pytest.fixture(params=WAREHOUSES, ids=lambda w: w.name)
def warehouse(request, tmp_path):
    cls = request.param
    reason = cls.available()
    if reason:
        pytest.skip(reason)
    instance = cls(*[request.getfixturevalue(f) for f in cls.fixtures])
    instance.target = instance.url(tmp_path)
    yield instance
    instance.close()


def load(aqpipe, warehouse, tmp_path, records, table=TABLE):
    source = tmp_path / f"input-{table}.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code, out, err = aqpipe("run", "--source", source, "--warehouse", warehouse.target, "--table", table,
                            *warehouse.extra_args(), env=warehouse.env())
    assert code == 0, err


def analyze(aqpipe, warehouse, *args, table=TABLE):
    return aqpipe("analyze", "--warehouse", warehouse.target, "--table", table, *warehouse.extra_args(), *args,
                  env=warehouse.env())


def loaded_rows(warehouse):
    table = warehouse.read_table(TABLE)
    index = {c: i for i, c in enumerate(table.columns)}
    return [(r[index["parameter"]], r[index["unit"]], r[index["value"]], r[index["location"]],
             str(r[index["date_utc"]])) for r in table.rows]


def test_views_match_an_independent_computation(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, MEASUREMENTS)
    code, out, err = analyze(aqpipe, warehouse)
    assert code == 0, err
    assert "created views air_monthly_max and air_daily_vs_7day_max" in out
    rows = loaded_rows(warehouse)
    assert len(rows) == len(MEASUREMENTS)
    monthly, daily = expected_views(rows)
    reader = ViewReader(warehouse)
    approx_rows(reader.monthly(), monthly)
    approx_rows(reader.daily(), daily)
    # The published mistakes, spelled out: each would change one of these rows.
    got = reader.daily()
    assert reader.monthly()[(2024, 1, "pm25", "µg/m³")][0] == 30.0       # not 2023's 50
    assert got[("2024-01-09", "pm25", "µg/m³")][4] == 10.0               # not Jan 1's 30 (ROWS)
    assert got[("2024-01-12", "pm25", "µg/m³")][4:6] == (5.0, 1)         # only Jan 9 in the window
    assert got[("2024-01-12", "pm25", "µg/m³")][7] is True
    assert got[("2024-01-12", "pm25", "µg/m³")][1] == "Gent"             # the tie: the earlier
    assert got[("2024-01-02", "pm25", "µg/m³")][4] == 30.0               # not its own max (by day)
    assert got[("2024-02-08", "pm25", "µg/m³")][4] == 25.0               # 7 days before: inside
    assert got[("2024-01-02", "no2", "ppm")][4] == 0.05                  # not the µg/m³ values
    assert got[("2024-01-31", "so2", "µg/m³")][4:8] == (None, 0, None, False)
    # Running it again replaces the views.
    assert analyze(aqpipe, warehouse).code == 0


def test_timezone_moves_days_and_months(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, MEASUREMENTS)
    zone = "+01:00" if warehouse.name == "sqlite" else "Europe/Brussels"  # January: UTC+1 there
    code, out, err = analyze(aqpipe, warehouse, "--timezone", zone)
    assert code == 0, err
    monthly, daily = expected_views(loaded_rows(warehouse), offset_hours=1)
    reader = ViewReader(warehouse)
    approx_rows(reader.monthly(), monthly)
    approx_rows(reader.daily(), daily)
    assert ("2024-02-01", "so2", "µg/m³") in reader.daily()  # 23:30 UTC on Jan 31 is Feb 1 in Brussels
    if warehouse.name == "sqlite":
        code, out, err = analyze(aqpipe, warehouse, "--timezone", "Europe/Brussels")
        assert code == 2 and "SQLite has no time-zone database" in err


def test_missing_table_is_named(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, MEASUREMENTS)
    code, out, err = analyze(aqpipe, warehouse, table="nosuch")
    assert code == 1, err
    assert "table nosuch does not exist" in err and "aqpipe run" in err


def test_table_without_the_needed_columns_is_named(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, [{"locationId": 1, "location": "Gent", "parameter": "pm25", "value": 3.0,
                                        "date": {"utc": "2024-01-01T00:00:00Z"}}], table="nounit")
    code, out, err = analyze(aqpipe, warehouse, table="nounit")
    assert code == 1, err
    assert "has no column unit" in err


def test_empty_table_says_load_data_first(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, [record("Gent", "pm25", "µg/m³", "2024-01-01T00:00:00Z", None)],
         table="novalues")
    code, out, err = analyze(aqpipe, warehouse, table="novalues")
    assert code == 1, err
    assert "has no measurement with a parameter, a value and a date_utc" in err


def test_snowsight_worksheets_are_the_sql_aqpipe_runs(aqpipe):
    """sql/snowflake/*.sql are what `analyze --print-sql` gives for table measurements in UTC."""
    code, out, err = aqpipe("analyze", "--warehouse", "snowflake", "--print-sql")
    assert code == 0, err
    statements = [s.strip() for s in out.split(";\n\n") if s.strip()]
    folder = pathlib.Path(__file__).resolve().parents[2] / "sql" / "snowflake"
    for statement, name in zip(statements, ["monthly_max.sql", "daily_vs_7day_max.sql"], strict=True):
        worksheet = (folder / name).read_text(encoding="utf-8")
        body = "\n".join(line for line in worksheet.splitlines() if not line.startswith("--")).strip()
        assert body.rstrip(";").strip() == statement


def test_unknown_timezone_is_a_usage_error(aqpipe):
    code, out, err = aqpipe("analyze", "--warehouse", "sqlite:x.db", "--timezone", "not a zone!")
    assert code == 2 and "--timezone" in err


def test_report_reads_the_same_rows_from_every_warehouse(aqpipe, warehouse, tmp_path):
    """`aqpipe report` reads the views back through each backend: the page's data are the views' rows."""
    load(aqpipe, warehouse, tmp_path, MEASUREMENTS)
    assert analyze(aqpipe, warehouse).code == 0
    code, out, err = aqpipe("report", "--warehouse", warehouse.target, "--table", TABLE, *warehouse.extra_args(),
                            "--out", tmp_path / "report", "--png", "never", env=warehouse.env())
    assert code == 0, err
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    start = html.index('<script id="aq-data" type="application/json">') + len('<script id="aq-data" type="application/json">')
    data = json.loads(html[start:html.index("</script>", start)])
    reader = ViewReader(warehouse)
    monthly = {(r[0], r[1], r[2], r[3]): (r[4], r[5], r[6], r[7]) for r in data["monthly"]}
    daily = {(r[0], r[1], r[2]): (r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10])) for r in data["daily"]}
    approx_rows(monthly, reader.monthly())
    approx_rows(daily, reader.daily())
    assert f"{len(monthly)} monthly and {len(daily)} daily rows, 4 metrics" in out


def test_report_without_views_says_run_analyze(aqpipe, warehouse, tmp_path):
    load(aqpipe, warehouse, tmp_path, MEASUREMENTS)
    code, out, err = aqpipe("report", "--warehouse", warehouse.target, "--table", TABLE, *warehouse.extra_args(),
                            "--out", tmp_path / "report", env=warehouse.env())
    assert code == 1 and "aqpipe analyze" in err, err
