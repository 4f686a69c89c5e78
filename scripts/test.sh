#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, then build and run every test:
# formatting, static analysis, the unit tests and every Python suite (the binary against local
# stand-ins) under AddressSanitizer + UBSan, a smoke run of the optimised binary, and a bounded
# fuzzing run of each fuzz target. Prints each step's wall time at the end.
#
#   AQPIPE_FUZZ_SECONDS   seconds per fuzz target (30)
#   AQPIPE_TEST_JOBS      ctest entries run side by side (3: the suites wait on their stand-ins)
set -euo pipefail
cd "$(dirname "$0")/.."

# ccache shares objects between trees and clones: paths relative to the checkout.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

steps=()
step() {
  local name=$1 started=$SECONDS
  shift
  echo "== $name"
  "$@"
  steps+=("$(printf '%-14s %5d s' "$name" $((SECONDS - started)))")
}
report() {
  local rc=$?
  echo "== step times (wall clock)"
  printf '  %s\n' "${steps[@]}"
  printf '  %-14s %5d s\n' total "$SECONDS"
  [ $rc -eq 0 ] || echo "FAILED (exit $rc) in the step after the last one listed"
}
trap report EXIT

format_check() {
  git ls-files 'src/*.cc' 'src/*.h' 'fuzz/*.cc' 'bench/*.cc' | xargs clang-format --dry-run --Werror
}

build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

tests() {
  # The unit tests and one entry per pytest file (labels: unit, pytest, e2e, aws, postgresql,
  # snowflake), side by side. Slowest tests per file: build/asan/pytest/*.xml and the log.
  rm -rf build/asan/pytest
  ctest --preset asan -j "${AQPIPE_TEST_JOBS:-3}" --timeout 1500
  .venv/bin/python scripts/slowest_tests.py build/asan/pytest
}

release_smoke() {
  # The optimised binary users run: the bundled sample into a fresh SQLite file, twice (the rerun adds nothing).
  local work
  work=$(mktemp -d)
  (cd "$work" && "$OLDPWD/build/release/aqpipe" run --source "$OLDPWD/data/sample" --warehouse sqlite:smoke.db >first.txt &&
    "$OLDPWD/build/release/aqpipe" run --source "$OLDPWD/data/sample" --warehouse sqlite:smoke.db >second.txt &&
    grep -q "^loaded [1-9]" first.txt && grep -q "^loaded 0 new rows" second.txt) ||
    { echo "release smoke run failed"; cat "$work"/*.txt; return 1; }
  rm -rf "$work"
}

fuzz() {
  local seconds=${AQPIPE_FUZZ_SECONDS:-30} target name
  for target in build/asan/*_fuzz; do
    [ -f "$target" ] && [ -x "$target" ] || continue
    name=$(basename "$target")
    mkdir -p "build/fuzz-work/$name"
    # A crash, failed assertion or hang (an input taking over 25 s) fails the run.
    timeout -s INT $((seconds * 4)) "$target" -max_total_time="$seconds" -timeout=25 -max_len=8192 \
      -print_final_stats=0 "build/fuzz-work/$name" "fuzz/corpus/$name" 2>&1 | tail -2
    [ "${PIPESTATUS[0]}" -eq 0 ] || [ "${PIPESTATUS[0]}" -eq 124 ] || { echo "fuzzing $name failed"; return 1; }
  done
}

step setup bash scripts/setup.sh
step clang-format format_check
step layers python3 scripts/check_layers.py
step build-release build release
step clang-tidy .venv/bin/python scripts/clang_tidy_cached.py build/release
step build-asan build asan
step tests tests
step release-smoke release_smoke
step fuzz fuzz
echo "all tests passed"
