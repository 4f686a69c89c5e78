#!/usr/bin/env bash
# Benchmark: generate ~1 GB of synthetic OpenAQ JSON Lines, then time aqpipe end to end into
# the null sink (read + parse + flatten + cast), the files sink (CSV.gz parts) and SQLite.
# Prints MB/s, rows/s and peak RSS per case as a Markdown table (paste into docs/benchmarks.md).
#
#   bash bench/run.sh                # 1 GB, release build
#   ROWS=300000 bash bench/run.sh    # smaller
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-2900000}            # ~347 bytes a record: 2.9M rows is ~1.0 GB
FILES=${FILES:-1}
BIN=${AQPIPE_BIN:-build/release/aqpipe}
OUT=${BENCH_DIR:-bench/out}

if [ ! -x "$BIN" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target aqpipe
fi
mkdir -p "$OUT"
if [ ! -f "$OUT/input/.rows-$ROWS-$FILES" ]; then
  rm -rf "$OUT/input"
  "$BIN" generate --rows "$ROWS" --files "$FILES" --out "$OUT/input" >/dev/null
  touch "$OUT/input/.rows-$ROWS-$FILES"
fi
bytes=$(du -cb "$OUT"/input/*.jsonl | tail -1 | cut -f1)

run_case() {  # name, extra args...
  local name=$1; shift
  rm -rf "$OUT/target" && mkdir -p "$OUT/target"
  sync
  if ! /usr/bin/time -o "$OUT/target/time" -f "%e %M" "$BIN" run --source "$OUT/input" \
    --rejects "$OUT/target/rejects" "$@" >"$OUT/target/stdout" 2>"$OUT/target/stderr"; then
    echo "| $name | failed: $(grep -v '^Command exited' "$OUT/target/stderr" | tail -1) |"
    return 0
  fi
  local timing seconds rss_kb
  timing=$(tail -1 "$OUT/target/time")
  seconds=${timing% *}
  rss_kb=${timing#* }
  local rows
  rows=$(grep -o 'read [0-9,]* records' "$OUT/target/stdout" | tr -dc 0-9)
  awk -v n="$name" -v s="$seconds" -v b="$bytes" -v r="$rows" -v m="$rss_kb" \
    'BEGIN { printf "| %s | %.1f MB | %s | %.2f s | %.0f MB/s | %.0f rows/s | %.0f MB |\n", n, b/1e6, r, s, b/1e6/s, r/s, m/1024 }'
}

echo "| case | input | rows | time | throughput | rows/s | peak RSS |"
echo "|---|---|---|---|---|---|---|"
run_case "parse + flatten + cast → null sink" --warehouse null
if "$BIN" run --help 2>&1 | grep -c -- '--output' >/dev/null; then
  run_case "→ files sink (CSV, gzip parts)" --output "$OUT/target/files"
fi
run_case "end to end → SQLite" --warehouse "sqlite:$OUT/target/bench.db"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$BIN" --version)"
