#!/usr/bin/env bash
# Builds deploy/Dockerfile with buildah (--isolation chroot: no Docker engine, no daemon) and
# runs each binary's --help inside the image's root filesystem, so that a runtime library
# missing from the image fails. Opt-in: a cold build compiles the whole project (~15 min on
# two cores), over CI's budget, so ctest does not run it. Run it as root:
#   deploy/image_test.sh            (or STABLECUT_IMAGE_TEST=1 deploy/image_test.sh from ctest)
# Base images: docker.io/library/debian:bookworm(-slim) when buildah has or can pull them;
# else a local Debian 12 made with debootstrap (minbase), tagged as both.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
skip() { echo "image_test: SKIPPED: $*"; exit 77; }  # ctest: SKIP_RETURN_CODE
[ "${1:-}" = "--if-enabled" ] && [ "${STABLECUT_IMAGE_TEST:-0}" != 1 ] &&
  skip "set STABLECUT_IMAGE_TEST=1 to build the image (a cold build compiles every binary with no ccache: 8 min here)"
command -v buildah >/dev/null || skip "buildah is not installed (apt-get install buildah)"
[ "$(id -u)" -eq 0 ] || skip "needs root (buildah --isolation chroot)"
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}

base() {  # base NAME: makes NAME from debootstrap unless buildah has it or can pull it
  buildah inspect --type image "$1" >/dev/null 2>&1 && return 0
  buildah pull -q "$1" >/dev/null 2>&1 && return 0
  command -v debootstrap >/dev/null || skip "no $1 and no debootstrap to make it"
  local rootfs=${STABLECUT_ROOTFS:-/var/tmp/stablecut-image/bookworm}
  if [ ! -x "$rootfs/bin/sh" ]; then
    mkdir -p "$(dirname "$rootfs")"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  fi
  local ctr
  ctr=$(buildah from scratch)
  cp -a "$rootfs/." "$(buildah mount "$ctr")/"
  buildah umount "$ctr" >/dev/null
  buildah commit -q "$ctr" "$1" >/dev/null
  buildah rm "$ctr" >/dev/null
  echo "image_test: made $1 from debootstrap"
}
base docker.io/library/debian:bookworm
base docker.io/library/debian:bookworm-slim

start=$(date +%s)
# One build at a time on this machine, as every build here.
flock -o /tmp/stablecut-build.lock buildah bud --isolation chroot --pull-never --layers=false \
  -f "$repo/deploy/Dockerfile" -t localhost/stablecut:test "$repo"
echo "image_test: built in $(( $(date +%s) - start ))s"

ctr=$(buildah from --pull-never localhost/stablecut:test)
trap 'buildah umount "$ctr" >/dev/null 2>&1; buildah rm "$ctr" >/dev/null 2>&1' EXIT
root=$(buildah mount "$ctr")
[ "$(buildah inspect --format '{{.OCIv1.Config.User}}' localhost/stablecut:test)" = 10001:10001 ] ||
  { echo "image_test: FAIL: the image's user is not 10001:10001"; exit 1; }
status=0
for binary in stablecut-candidate stablecut-verifier stablecut-publisher stablecut-sandbox stablecut; do
  if [ ! -e "$root/usr/local/bin/$binary" ]; then
    echo "image_test: $binary: not in the image${binary:+ (the CLI is built only when tools/cli is in the tree)}"
    [ "$binary" = stablecut ] || status=1
    continue
  fi
  if out=$(chroot --userspec=10001:10001 "$root" "/usr/local/bin/$binary" --help 2>&1) ||
     [ -n "$out" ] && ! grep -q "error while loading shared libraries" <<<"$out"; then
    echo "image_test: ok   $binary --help: $(head -1 <<<"$out" | cut -c1-80)"
  else
    echo "image_test: FAIL $binary --help: $out"
    status=1
  fi
done
exit $status
