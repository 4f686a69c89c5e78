// aqpipe report: draws the dashboard from the view rows embedded in the page (#aq-data) with
// uPlot. One chart per metric (parameter and unit: values in different units are never drawn on
// one axis), rebuilt when a filter changes. window.aqReport exposes what is drawn, for tests.
// "#only=monthly" or "#only=daily" shows just that chart grid (the PNG renderings).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("aq-data").textContent);
  var M = { year: 0, month: 1, parameter: 2, unit: 3, max: 4, location: 5, at: 6, n: 7 };
  var D = { day: 0, parameter: 1, unit: 2, max: 3, location: 4, at: 5, n: 6, prior: 7,
            priorDays: 8, ratio: 9, exceeds: 10 };
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); };
  var only = (location.hash.match(/only=(monthly|daily)/) || [])[1];
  if (only) document.body.classList.add("only-" + only);

  function metricOf(row, p, u) { return row[p] + " (" + (row[u] || "no unit") + ")"; }
  function uniq(list) { return list.filter(function (v, i) { return list.indexOf(v) === i; }).sort(); }
  function fmt(v) {
    if (v === null || v === undefined) return "";
    return Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString();
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(select, values) {
    select.appendChild(el("option", { value: "" }, "all"));
    values.forEach(function (v) { select.appendChild(el("option", { value: v }, v)); });
  }

  var metrics = uniq(data.monthly.map(function (r) { return metricOf(r, M.parameter, M.unit); })
    .concat(data.daily.map(function (r) { return metricOf(r, D.parameter, D.unit); })));
  var locations = uniq(data.monthly.map(function (r) { return r[M.location]; })
    .concat(data.daily.map(function (r) { return r[D.location]; })));
  var metricSelect = document.getElementById("metric");
  var locationSelect = document.getElementById("location");
  fill(metricSelect, metrics);
  fill(locationSelect, locations);

  var state = { charts: { monthly: [], daily: [] }, tables: { monthly: 0, daily: 0 } };
  var plots = [];

  function chartWidth(grid) {
    var columns = Math.max(1, Math.floor((grid.clientWidth + 12) / 572));
    return Math.floor((grid.clientWidth - 12 * (columns - 1)) / columns) - 14;
  }

  function axes(xLabel, unit) {
    return [{ label: xLabel, labelSize: 18 },
            { label: unit || "no unit", labelSize: 18, size: 56 }];
  }

  function monthlyChart(grid, metric, rows) {
    var unit = rows[0][M.unit];
    var xs = [], ys = [];
    rows.forEach(function (r, i) {
      // A month without data breaks the line rather than bridging it.
      if (i && (r[M.year] * 12 + r[M.month]) - (rows[i - 1][M.year] * 12 + rows[i - 1][M.month]) > 1) {
        xs.push(Date.UTC(r[M.year], r[M.month] - 2, 1) / 1e3);
        ys.push(null);
      }
      xs.push(Date.UTC(r[M.year], r[M.month] - 1, 1) / 1e3);
      ys.push(r[M.max]);
    });
    var box = el("div", { "class": "chart", "data-metric": metric });
    grid.appendChild(box);
    plots.push(new uPlot({
      title: metric + ": monthly maximum", width: chartWidth(grid), height: 240, tzDate: utc,
      scales: { x: { time: true } }, axes: axes("month", unit),
      series: [{ label: "month", value: "{YYYY}-{MM}" },
               { label: "max (" + (unit || "no unit") + ")", stroke: "#0969da", width: 2,
                 points: { show: true, size: 7, fill: "#0969da" } }]
    }, [xs, ys], box));
    state.charts.monthly.push({ metric: metric, series: 1, points: rows.length, axis: unit || "no unit" });
  }

  function dailyChart(grid, metric, rows) {
    var unit = rows[0][D.unit];
    var xs = [], day = [], prior = [], over = [];
    rows.forEach(function (r) {
      var d = r[D.day].split("-"), x = Date.UTC(+d[0], d[1] - 1, +d[2]) / 1e3;
      if (xs.length && x - xs[xs.length - 1] > 86400) {  // a gap of days: break the lines
        xs.push(xs[xs.length - 1] + 86400);
        day.push(null); prior.push(null); over.push(null);
      }
      xs.push(x);
      day.push(r[D.max]);
      prior.push(r[D.prior]);
      over.push(r[D.exceeds] ? r[D.max] : null);
    });
    var sparse = rows.length < 90;
    var box = el("div", { "class": "chart", "data-metric": metric });
    grid.appendChild(box);
    plots.push(new uPlot({
      title: metric + ": daily maximum vs the 7 days before", width: chartWidth(grid), height: 260,
      tzDate: utc, scales: { x: { time: true } }, axes: axes("day", unit),
      series: [{ label: "day", value: "{YYYY}-{MM}-{DD}" },
               { label: "prior 7-day max", stroke: "#bf8700", fill: "rgba(212,167,44,0.25)",
                 width: 1, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
               { label: "day max", stroke: "#0969da", width: 1.5, points: { show: sparse, size: 5 } },
               { label: "beats its 7-day max", stroke: "#cf222e", width: 0, paths: function () { return null; },
                 points: { show: true, size: 7, fill: "#cf222e", stroke: "#cf222e" } }]
    }, [xs, prior, day, over], box));
    state.charts.daily.push({ metric: metric, series: 3, points: rows.length, axis: unit || "no unit",
                              exceedances: over.filter(function (v) { return v !== null; }).length });
  }

  function table(id, header, rows, render) {
    var box = document.getElementById(id);
    box.textContent = "";
    var t = el("table");
    var head = el("tr");
    header.forEach(function (h) { head.appendChild(el("th", {}, h)); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var cells = render(r);
      var tr = el("tr", cells.exceeds ? { "class": "exceeds" } : {});
      cells.values.forEach(function (v, i) {
        tr.appendChild(el("td", typeof cells.raw[i] === "number" ? { "class": "num" } : {}, v));
      });
      t.appendChild(tr);
    });
    box.appendChild(t);
    return rows.length;
  }

  function draw() {
    plots.forEach(function (p) { p.destroy(); });
    plots = [];
    state.charts = { monthly: [], daily: [] };
    var metric = metricSelect.value, place = locationSelect.value;
    var keep = function (row, p, u, l) {
      return (!metric || metricOf(row, p, u) === metric) && (!place || row[l] === place);
    };
    var monthly = data.monthly.filter(function (r) { return keep(r, M.parameter, M.unit, M.location); });
    var daily = data.daily.filter(function (r) { return keep(r, D.parameter, D.unit, D.location); });
    [["monthly-charts", monthly, M, monthlyChart], ["daily-charts", daily, D, dailyChart]].forEach(function (g) {
      var grid = document.getElementById(g[0]);
      grid.textContent = "";
      var shown = metrics.filter(function (m) { return !metric || m === metric; });
      shown.forEach(function (m) {
        var rows = g[1].filter(function (r) { return metricOf(r, g[2].parameter, g[2].unit) === m; });
        if (rows.length) g[3](grid, m, rows);
      });
      if (!grid.children.length) grid.appendChild(el("p", { "class": "empty" }, "No rows match the filters."));
    });
    state.tables.monthly = table("monthly-table",
      ["month", "parameter", "max", "unit", "where", "when (UTC)", "measurements"], monthly, function (r) {
        var raw = [r[M.year] + "-" + String(r[M.month]).padStart(2, "0"), r[M.parameter], r[M.max], r[M.unit],
                   r[M.location], r[M.at], r[M.n]];
        return { raw: raw, values: raw.map(function (v) { return typeof v === "number" && v === r[M.max] ? fmt(v) : String(v); }) };
      });
    state.tables.daily = table("daily-table",
      ["day", "parameter", "day max", "prior 7-day max", "days with data", "ratio", "unit", "where", "exceeds"],
      daily, function (r) {
        var raw = [r[D.day], r[D.parameter], r[D.max], r[D.prior], r[D.priorDays], r[D.ratio], r[D.unit],
                   r[D.location], r[D.exceeds] ? "yes" : ""];
        return { raw: raw, exceeds: r[D.exceeds], values: raw.map(function (v, i) {
          return i === 2 || i === 3 || i === 5 ? fmt(v) : String(v === null ? "" : v); }) };
      });
    state.filter = { metric: metric, location: place };
  }

  metricSelect.addEventListener("change", draw);
  locationSelect.addEventListener("change", draw);
  draw();
  state.setFilter = function (metric, place) {
    metricSelect.value = metric || "";
    locationSelect.value = place || "";
    draw();
    return { charts: state.charts, tables: state.tables };
  };
  state.metrics = metrics;
  state.locations = locations;
  state.ready = true;
  window.aqReport = state;
})();
