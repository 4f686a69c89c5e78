#!/usr/bin/env bash
# Builds the repo's Dockerfile with buildah (no Docker engine here) on a base made from Debian's
# packages:  scripts/container/build_image.sh [TAG]   (default localhost/aqpipe:test)
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG=${1:-localhost/aqpipe:test}
base=$(bash scripts/container/make_base.sh)
# --layers reuses the apt layer between builds; the Dockerfile's ccache mount keeps objects.
buildah bud --isolation chroot --layers --build-arg "BASE_IMAGE=$base" -t "$TAG" .
