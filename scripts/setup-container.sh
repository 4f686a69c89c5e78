#!/usr/bin/env bash
# Installs the container tools that build and test aqpipe's image without a Docker engine or a
# reachable registry: buildah (builds the Dockerfile, runs commands in the image with
# --isolation chroot), debootstrap (makes the Debian base from Debian's packages), skopeo
# (inspects and copies images between registries) and docker-registry (the registry API on
# loopback for the push test). Idempotent: installs only what is missing. Called by
# scripts/setup.sh; tests/deploy/test_image.py fails, never skips, when these are absent.
set -euo pipefail

PACKAGES=(buildah debootstrap skopeo docker-registry)
source "$(dirname "$0")/lib/setup_common.sh"

mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
if ((${#missing[@]})); then
  echo "setup-container: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  # The docker-registry package's service is not wanted (the test starts its own registry on a
  # free port); policy-rc.d exit 101 stops the postinst from starting it where an init runs.
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && added_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if ((added_policy)); then $SUDO rm -f "$policy"; fi
fi

# buildah's default storage driver, overlay, cannot stack on an overlay root (a machine that is
# itself a container); there the slower vfs driver is the one that works.
conf=/etc/containers/storage.conf
$SUDO mkdir -p /var/lib/containers
if [ ! -e "$conf" ] && [ "$(stat -f -c %T /var/lib/containers)" = overlayfs ]; then
  echo "setup-container: overlay root, using the vfs storage driver ($conf)" >&2
  printf '[storage]\ndriver = "vfs"\nrunroot = "/run/containers/storage"\ngraphroot = "/var/lib/containers/storage"\n' |
    $SUDO tee "$conf" >/dev/null
fi
