#!/usr/bin/env bash
# Starts a local image registry with htpasswd authentication for the push
# tests: Debian's docker-registry on 127.0.0.1:5000 (engines push to localhost
# registries over plain HTTP), its data and users in .cache/registry. Prints
# shell assignments: STAGECRAFT_REGISTRY (host:port), STAGECRAFT_REGISTRY_USER
# and STAGECRAFT_REGISTRY_PASSWORD (a test user made here, for this registry only).
# `registry.sh stop` stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
dir="$root/.cache/registry"
addr=127.0.0.1:5000
user=stagecraft
password=stagecraft-test-registry

stop_registry() {
  if [ -f "$dir/registry.pid" ] && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then kill "$(cat "$dir/registry.pid")"; fi
  rm -f "$dir/registry.pid"
}
if [ "${1:-}" = stop ]; then stop_registry; exit 0; fi

answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$addr/v2/")" = 401 ]; }

if ! answers; then
  if ! command -v docker-registry >/dev/null 2>&1 || ! command -v htpasswd >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] || { log "install docker-registry and htpasswd (apache2-utils) to run the push tests"; exit 1; }
    log "installing Debian's docker-registry and apache2-utils"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq docker-registry apache2-utils >&2 || { apt-get update -qq >&2; apt-get install -y -qq docker-registry apache2-utils >&2; }
  fi
  stop_registry
  mkdir -p "$dir/data"
  # The registry reads bcrypt entries only.
  htpasswd -Bbc "$dir/htpasswd" "$user" "$password" 2>/dev/null
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
auth:
  htpasswd:
    realm: stagecraft-test
    path: $dir/htpasswd
YAML
  log "starting a local registry on $addr (logs in .cache/registry/registry.log)"
  nohup setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  echo $! >"$dir/registry.pid"
  for _ in $(seq 1 40); do answers && break; sleep 0.25; done
  answers || { log "the registry did not come up; see .cache/registry/registry.log"; exit 1; }
fi

echo "STAGECRAFT_REGISTRY=localhost:${addr#*:}"
echo "STAGECRAFT_REGISTRY_USER=$user"
echo "STAGECRAFT_REGISTRY_PASSWORD=$password"
