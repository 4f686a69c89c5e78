"""`aqpipe report`: the dashboard in headless Chromium (Debian's chromium, driven over the
DevTools protocol through a pipe: tests/support/cdp.py). It must load without console errors,
make no request beyond its own file, draw one chart per metric with the view's rows as points,
filter by metric and location, and render screenshots that are not blank; aqpipe's own PNGs too.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from support.cdp import Chromium, chromium_binary, png_stats



@pytest.fixture(scope="module")
def report(tmp_path_factory, aqpipe_bin):
    """The bundled sample loaded into SQLite, analyzed and reported (with PNGs)."""
    from e2e.runner import run_binary
    work = tmp_path_factory.mktemp("report")
    db = work / "air.db"
    for args in (["run", "--source", "sample", "--warehouse", f"sqlite:{db}"],
                 ["analyze", "--warehouse", f"sqlite:{db}"],
                 ["report", "--warehouse", f"sqlite:{db}", "--out", work / "out", "--png", "always"]):
        done = run_binary(aqpipe_bin, args, cwd=work)
        assert done.code == 0, done.stderr
    with sqlite3.connect(db) as con:
        monthly = con.execute("SELECT parameter || ' (' || unit || ')', location FROM measurements_monthly_max").fetchall()
        daily = con.execute("SELECT parameter || ' (' || unit || ')', location, exceeds "
                            "FROM measurements_daily_vs_7day_max").fetchall()
    return work / "out", done.stdout, monthly, daily


@pytest.fixture(scope="module")
def page(report, tmp_path_factory):
    if chromium_binary() is None:  # scripts/setup.sh installs it: a missing one fails, never skips
        pytest.fail("no chromium on PATH: run scripts/setup.sh (apt-get install chromium)")
    out = report[0]
    with Chromium(tmp_path_factory.mktemp("chromium")) as browser:
        tab = browser.open_page()
        tab.navigate((out / "report.html").as_uri())
        yield browser, tab


def counts(rows):
    result = {}
    for row in rows:
        result[row[0]] = result.get(row[0], 0) + 1
    return result


def test_report_loads_without_errors_or_requests(page, report):
    browser, tab = page
    assert tab.evaluate("window.aqReport && window.aqReport.ready") is True
    errors = [e for e in tab.events
              if e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "warning", "assert"))
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in ("error", "warning"))]
    assert errors == []
    requests = [e["params"]["request"]["url"] for e in tab.events if e["method"] == "Network.requestWillBeSent"]
    assert requests == [(report[0] / "report.html").as_uri()]  # the file itself, nothing else
    assert "report.html (0.1 MB" in report[1]  # the bundled sample's dashboard stays small


def test_each_metric_has_its_charts_with_every_row_a_point(page, report):
    _, tab = page
    monthly, daily = counts(report[2]), counts(report[3])
    drawn = tab.evaluate("JSON.stringify(aqReport.charts)")
    charts = json.loads(drawn)
    assert {c["metric"]: c["points"] for c in charts["monthly"]} == monthly
    assert {c["metric"]: c["points"] for c in charts["daily"]} == daily
    assert sum(c["exceedances"] for c in charts["daily"]) == sum(1 for r in report[3] if r[2])
    # In the page itself: a uPlot per chart, its legend naming x plus the series.
    legends = tab.evaluate("[...document.querySelectorAll('#monthly-charts .uplot')]"
                           ".map(u => u.querySelectorAll('.u-series').length)")
    assert legends == [2] * len(monthly)
    legends = tab.evaluate("[...document.querySelectorAll('#daily-charts .uplot')]"
                           ".map(u => u.querySelectorAll('.u-series').length)")
    assert legends == [4] * len(daily)
    # Units: on the y axis (drawn on the canvas, so read from the chart's options) and in the legend.
    assert {c["metric"]: c["axis"] for c in charts["monthly"]} == {m: m.split(" (")[1][:-1] for m in monthly}
    assert {c["metric"]: c["axis"] for c in charts["daily"]} == {m: m.split(" (")[1][:-1] for m in daily}
    labels = tab.evaluate("[...document.querySelectorAll('#monthly-charts .u-legend .u-label')].map(e => e.textContent)")
    assert "max (µg/m³)" in labels and "max (mg/m³)" in labels


def select(tab, metric, location):
    return tab.evaluate(f"""(() => {{
      const m = document.getElementById('metric'), l = document.getElementById('location');
      m.value = {metric!r}; m.dispatchEvent(new Event('change'));
      l.value = {location!r}; l.dispatchEvent(new Event('change'));
      return {{monthly: document.querySelectorAll('#monthly-table tr').length - 1,
              daily: document.querySelectorAll('#daily-table tr').length - 1,
              charts: document.querySelectorAll('.uplot').length}};
    }})()""")


def test_filters_select_metric_and_location(page, report):
    _, tab = page
    monthly, daily = report[2], report[3]
    metric = "pm25 (µg/m³)"
    shown = select(tab, metric, "")
    assert shown == {"monthly": sum(1 for r in monthly if r[0] == metric),
                     "daily": sum(1 for r in daily if r[0] == metric), "charts": 2}
    location = monthly[0][1]
    shown = select(tab, "", location)
    assert shown["monthly"] == sum(1 for r in monthly if r[1] == location)
    assert shown["daily"] == sum(1 for r in daily if r[1] == location)
    assert select(tab, "", "") == {"monthly": len(monthly), "daily": len(daily),
                                   "charts": len(counts(monthly)) + len(counts(daily))}


def test_screenshots_are_not_blank(page, report, tmp_path):
    browser, tab = page
    shot = tab.screenshot()
    (report[0] / "screenshot-test.png").write_bytes(shot)
    blank = browser.open_page()
    stats = png_stats(blank, shot)
    assert stats["width"] == 1280 and stats["colored"] > 0.001 and stats["inked"] > 0.01, stats
    for name in ("monthly.png", "daily.png"):  # aqpipe's own renderings
        stats = png_stats(blank, (report[0] / name).read_bytes())
        assert stats["width"] == 1280 and stats["colored"] > 0.001 and stats["inked"] > 0.01, (name, stats)
    print(f"screenshots: {report[0]}")

