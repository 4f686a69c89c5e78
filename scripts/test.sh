#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, then build and run every test:
# formatting, static analysis, unit tests and end-to-end cases under AddressSanitizer + UBSan, the end-to-end
# cases again against the optimised binary, and a bounded fuzzing run of each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== clang-format"
git ls-files 'src/*.cc' 'src/*.h' 'fuzz/*.cc' 'bench/*.cc' | xargs clang-format --dry-run --Werror

echo "== clang-tidy"
# Checks are in .clang-tidy (WarningsAsErrors), so any finding fails the step; headers under src/
# are checked through the sources that include them. Unit test sources are skipped to save time.
cmake --preset release >/dev/null  # for build/release/compile_commands.json
git ls-files 'src/*.cc' ':!:src/*_test.cc' |
  xargs -r -P "$(nproc)" -n 1 clang-tidy -p build/release --quiet 2>&1 |
  { grep -v '^[0-9]* warnings\? generated\.$' || true; }

echo "== asan build: unit tests + end-to-end cases"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan

echo "== release build: end-to-end cases"
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -R e2e

echo "== fuzzing (${AQPIPE_FUZZ_SECONDS:-30} s per target)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for target in build/fuzz/*_fuzz; do
  [ -f "$target" ] && [ -x "$target" ] || continue
  name=$(basename "$target")
  mkdir -p "build/fuzz-work/$name"
  # A crash, failed assertion or hang (an input taking over 25 s) fails the run.
  timeout -s INT $(( ${AQPIPE_FUZZ_SECONDS:-30} * 4 )) "$target" -max_total_time="${AQPIPE_FUZZ_SECONDS:-30}" \
    -timeout=25 -max_len=8192 -print_final_stats=0 \
    "build/fuzz-work/$name" "fuzz/corpus/$name" 2>&1 | tail -2
  [ "${PIPESTATUS[0]}" -eq 0 ] || [ "${PIPESTATUS[0]}" -eq 124 ] || { echo "fuzzing $name failed"; exit 1; }
done
echo "all tests passed"
