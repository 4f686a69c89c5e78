#!/usr/bin/env bash
# Installs the deploy tools (AWS CLI, cfn-lint) into their own venv, reused while
# deploy/aws/requirements-tools.txt is unchanged. Prints the venv's bin directory.
# Idempotent; called by scripts/setup.sh and by tests/deploy.
set -euo pipefail
cd "$(dirname "$0")/.."
req=deploy/aws/requirements-tools.txt
want=$(sha256sum "$req" | cut -d' ' -f1)
VENV="${AQPIPE_DEPLOY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/aqpipe/deploy-tools-${want:0:12}}"
if [ ! -x "$VENV/bin/aws" ] || [ ! -x "$VENV/bin/cfn-lint" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating $VENV from $req" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  echo "$want" >"$VENV/.requirements.sha256"
fi
echo "$VENV/bin"
