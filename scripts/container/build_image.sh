#!/usr/bin/env bash
# Builds the repo's Dockerfile with buildah (no Docker engine here) on a base made from Debian's
# packages:  scripts/container/build_image.sh [TAG]   (default localhost/aqpipe:test)
# Prints buildah's progress on stderr and the image ID on stdout. Used by tests/deploy and by
# deploy/aws/deploy.sh; `docker build .` builds the same Dockerfile where Docker is.
#   AQPIPE_BUILD_BASE   base image to build on instead of the debootstrap one (e.g. a mirror's
#                       debian:bookworm-slim)
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG=${1:-localhost/aqpipe:test}
base=${AQPIPE_BUILD_BASE:-$(bash scripts/container/make_base.sh)}
args=(--isolation chroot --layers --build-arg "BASE_IMAGE=$base" -t "$TAG")
# The host's ccache (the one the release tree fills) serves the build stage too: a first image
# build after a host build compiles almost nothing. Without it the Dockerfile's cache mount is used.
if command -v ccache >/dev/null; then
  cache=$(ccache -k cache_dir)
  mkdir -p "$cache"
  args+=(--volume "$cache:/ccache-host" --build-arg CCACHE_DIR=/ccache-host)
  for var in LANG LC_ALL; do [ -z "${!var+set}" ] || args+=(--build-arg "$var=${!var}"); done
fi
# --layers reuses the apt layer (and everything, when no source changed) between builds.
buildah bud "${args[@]}" . >&2
buildah inspect --type image --format '{{.FromImageID}}' "$TAG"
