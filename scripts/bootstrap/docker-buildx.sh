#!/usr/bin/env bash
# Installs the docker buildx CLI plugin for this project only, and prints the
# DOCKER_CONFIG directory to run `docker` with so that `docker build` is BuildKit's
# (the docker CLI here has no buildx, so its `docker build` is the legacy builder).
#
# bench/builds uses it to time `docker build` against the orchestration. Debian
# bookworm has no buildx package; trixie's static binary runs on bookworm, so it
# is fetched from the Debian mirror apt uses, pinned by file name and SHA-256.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }

config="$root/.cache/docker-config"
plugin="$config/cli-plugins/docker-buildx"
file=pool/main/d/docker-buildx/docker-buildx_0.13.1+ds1-3_amd64.deb
sha256=fcf8c48204d1603c8f209451d7827eb91bf30759578baf7704e9e1a87e5f1d7f

if [ ! -x "$plugin" ]; then
  [ "$(uname -m)" = x86_64 ] || { log "docker-buildx.sh knows only the amd64 package"; exit 1; }
  mirror=$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "fetching docker buildx from $mirror"
  curl -sSf --max-time 300 -o "$work/buildx.deb" "$mirror/$file"
  echo "$sha256  $work/buildx.deb" | sha256sum -c --quiet -
  dpkg-deb -x "$work/buildx.deb" "$work/root"
  mkdir -p "$(dirname "$plugin")"
  cp "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin"
fi
DOCKER_CONFIG="$config" docker buildx version >/dev/null
echo "$config"
