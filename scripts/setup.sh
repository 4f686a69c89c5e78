#!/usr/bin/env bash
# Installs everything aqpipe needs to build and test on a Debian 12 machine.
# Idempotent: packages already present are not fetched again, the venv is reused
# when requirements-dev.txt has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/setup_common.sh

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  clang clang-format clang-tidy libclang-rt-14-dev
  libsimdjson-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev
  zlib1g-dev libzstd-dev libdeflate-dev libpq-dev
  postgresql python3-venv time ccache
  chromium  # aqpipe report's PNGs and tests/analyze/test_report.py (headless)
)
# npm fetches the dashboard's charting library (web/package-lock.json). NodeSource's nodejs
# already bundles npm and conflicts with Debian's npm package, so add them only when missing.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

apt_install_missing setup "${APT_PACKAGES[@]}"

# Python is only for the test tooling around local stand-ins (moto, fakesnow, PostgreSQL).
VENV=.venv
stamp="$VENV/.requirements.sha256"
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating $VENV from requirements-dev.txt"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" >"$stamp"
fi
# The dashboard's charting library, pinned by web/package-lock.json, embedded by the build
# (cmake/embed_assets.cmake). Reinstalled only when the lock file changes.
web_stamp=web/node_modules/.package-lock.sha256
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$web_stamp" 2>/dev/null)" != "$web_want" ]; then
  echo "setup: npm ci in web/ (uPlot for aqpipe report)"
  (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$web_want" >"$web_stamp"
fi
bash scripts/setup-deploy-tools.sh >/dev/null  # AWS CLI + cfn-lint for deploy/aws and tests/deploy
bash scripts/setup-container.sh  # buildah, debootstrap, skopeo, docker-registry: the image and tests/deploy/test_image.py
bash scripts/setup-airflow.sh >/dev/null  # the Airflow venv for tests/airflow
echo "setup: ok"
