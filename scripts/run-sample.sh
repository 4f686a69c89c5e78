#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build the release binary, load the
# bundled (synthetic) sample into the embedded SQLite warehouse ./aqpipe.db and show what it loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target aqpipe
echo
build/release/aqpipe run --source data/sample --warehouse sqlite:aqpipe.db --table measurements
echo
echo "Table measurements in aqpipe.db:"
sqlite3 -header -column aqpipe.db \
  "SELECT COUNT(*) AS rows, COUNT(DISTINCT location_id) AS stations, COUNT(DISTINCT parameter) AS parameters,
          MIN(date_utc) AS first_utc, MAX(date_utc) AS last_utc FROM measurements;"
echo
sqlite3 -header -column aqpipe.db \
  "SELECT location_id, location, parameter, value, unit, date_utc,
          datetime(date_local, printf('%+d minutes', date_local_offset_minutes)) AS local_wall_clock,
          date_local_offset_minutes AS utc_offset_min
     FROM measurements ORDER BY date_utc, location_id, parameter LIMIT 5;"
echo
build/release/aqpipe analyze --warehouse sqlite:aqpipe.db --table measurements
build/release/aqpipe report --warehouse sqlite:aqpipe.db --table measurements --out aqpipe-report
echo "Open aqpipe-report/report.html in a browser (it works offline); docs/analytics.md explains it."
