#!/usr/bin/env bash
# Set-up for bench/compare only (CI never runs it): Java for PySpark, libdeflate's and zstd's
# command-line tools for the compression floors, PostgreSQL's server for job C, and a venv with
# the pinned DuckDB and PySpark (bench/requirements.txt) outside the clone, keyed by the hash of
# that file. Idempotent: a warm machine installs nothing. Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(openjdk-17-jre-headless libdeflate-tools zstd postgresql python3-venv time)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup-compare: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

req=bench/requirements.txt
venv="$HOME/.cache/aqpipe/venvs/bench-$(sha256sum "$req" | cut -c1-12)"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb, pyspark' 2>/dev/null; then
  echo "setup-compare: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$req" >&2 || {
    rm -rf "$venv"
    exit 1
  }
fi
echo "$venv"
