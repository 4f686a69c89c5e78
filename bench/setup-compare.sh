#!/usr/bin/env bash
# Set-up for bench/compare only (CI never runs it): Java for PySpark, libdeflate's and zstd's
# command-line tools for the compression floors, PostgreSQL's server for job C, and a venv with
# the pinned DuckDB and PySpark (bench/requirements.txt) outside the clone, keyed by the hash of
# that file. Idempotent: a warm machine installs nothing. Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup_common.sh

APT_PACKAGES=(openjdk-17-jre-headless libdeflate-tools zstd postgresql python3-venv time)
apt_install_missing setup-compare "${APT_PACKAGES[@]}"

req=bench/requirements.txt
venv="$HOME/.cache/aqpipe/venvs/bench-$(sha256sum "$req" | cut -c1-12)"
pinned_venv setup-compare "$venv" "$req" "$venv/bin/python" -c 'import duckdb, pyspark'
echo "$venv"
