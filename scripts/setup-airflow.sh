#!/usr/bin/env bash
# The Airflow venvs the tests/airflow suite runs dags/ in, one per tested Airflow line (MWAA's
# 2.10.3 and 3.0.6), outside the clone and keyed by the hash of each line's pinned requirements
# (a pip freeze of the tested venv: Airflow's constraints files cannot be downloaded here).
# Idempotent: a warm cache installs nothing. Prints the venv paths, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup_common.sh
for line in 2.10 3.0; do
  req=tests/airflow/requirements-airflow-$line.txt
  venv="$HOME/.cache/aqpipe/venvs/airflow-$line-$(sha256sum "$req" | cut -c1-12)"
  pinned_venv setup-airflow "$venv" "$req" test -x "$venv/bin/airflow"
  echo "$venv"
done
