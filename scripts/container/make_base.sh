#!/usr/bin/env bash
# Makes localhost/aqpipe-base:bookworm from Debian's packages (these machines reach no container
# registry): debootstrap --variant=minbase into a folder cached under ~/.cache/aqpipe (keyed by
# STAMP, so CI does not rebuild it every run), then imported with buildah, annotated with the
# stamp. Idempotent: with an image of this stamp in buildah's storage nothing is done. Prints the
# image name.
set -euo pipefail
STAMP=${AQPIPE_BASE_STAMP:-bookworm-minbase-1}
MIRROR=${AQPIPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
IMAGE=${AQPIPE_BASE_IMAGE:-localhost/aqpipe-base:bookworm}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/aqpipe
tarball="$CACHE/$STAMP.tar"

stamp_of() { buildah inspect --type image --format '{{index .ImageAnnotations "aqpipe.base.stamp"}}' "$1" 2>/dev/null || true; }
# An image already imported with this stamp is the base: the tarball is only needed to make it.
if [ "$(stamp_of "$IMAGE")" = "$STAMP" ]; then echo "$IMAGE"; exit 0; fi

if [ ! -f "$tarball" ]; then
  mkdir -p "$CACHE"
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -20 "$CACHE/debootstrap.log" >&2; echo "debootstrap failed: see $CACHE/debootstrap.log" >&2; exit 1; }
  # apt sources for the build stage's apt-get install; no package lists or caches in the base.
  cat >"$root/etc/apt/sources.list" <<SRC
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SRC
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
fi
ctr=$(buildah from scratch)
mnt=$(buildah mount "$ctr")
tar -C "$mnt" -xf "$tarball"
buildah umount "$ctr" >/dev/null
buildah config --annotation "aqpipe.base.stamp=$STAMP" --cmd /bin/bash "$ctr"
buildah commit -q "$ctr" "$IMAGE" >/dev/null
buildah rm "$ctr" >/dev/null
echo "$IMAGE"
