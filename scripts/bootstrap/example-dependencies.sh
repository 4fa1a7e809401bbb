#!/usr/bin/env bash
# Fills each example service's offline npm cache (examples/<service>/vendor/npm-cache)
# from the npm registry, for the packages its package-lock.json pins.
#
# Builds on these machines have no network, so an example's Dockerfile installs
# its dependencies with `npm ci --offline` from that cache, mounted from the build
# context. With a registry, drop the mount and the --offline flag. The cache is
# refilled only when the lockfile changes (its digest is kept next to it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }

for lock in "$root"/examples/*/package-lock.json; do
  [ -f "$lock" ] || continue
  service="$(dirname "$lock")"
  cache="$service/vendor/npm-cache"
  digest=$(sha256sum "$lock" | cut -d' ' -f1)
  [ "$(cat "$cache/.lockfile-digest" 2>/dev/null)" = "$digest" ] && continue
  log "filling $(basename "$service")/vendor/npm-cache from the npm registry"
  work=$(mktemp -d)
  cp "$service/package.json" "$lock" "$work/"
  rm -rf "$cache" && mkdir -p "$cache"
  (cd "$work" && npm ci --cache "$cache" --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$work" "$cache/_logs"
  echo "$digest" > "$cache/.lockfile-digest"
done
