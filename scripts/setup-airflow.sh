#!/usr/bin/env bash
# The Airflow venv the tests/airflow suite parses dags/ with, outside the clone and keyed by the
# hash of its pinned requirements (a pip freeze of the tested venv: Airflow's constraints files
# cannot be downloaded here). Idempotent: a warm cache installs nothing. Prints the venv path.
set -euo pipefail
cd "$(dirname "$0")/.."
req=tests/airflow/requirements-airflow-2.10.txt
venv="$HOME/.cache/aqpipe/venvs/airflow-2.10-$(sha256sum "$req" | cut -c1-12)"
if [ ! -x "$venv/bin/airflow" ]; then
  echo "setup-airflow: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$req" >&2
fi
echo "$venv"
