#!/usr/bin/env bash
# Makes sure a Docker engine with BuildKit is reachable, and prints its address.
#
# Order: DOCKER_HOST if it answers; the local socket if it answers; otherwise,
# on a Debian machine where we are root, install Debian's docker.io and start
# dockerd in the background. Exit status 1 (with the reason on stderr) when no
# engine can be had: the portal still starts, builds are then reported as
# unavailable.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }

answers() { curl -sf --max-time 3 "$@" >/dev/null 2>&1; }

engine_at() {
  local host="$1"
  case "$host" in
    unix://*) answers --unix-socket "${host#unix://}" http://localhost/_ping ;;
    tcp://*) answers "http://${host#tcp://}/_ping" ;;
    *) return 1 ;;
  esac
}

if [ -n "${DOCKER_HOST:-}" ]; then
  if engine_at "$DOCKER_HOST"; then echo "$DOCKER_HOST"; exit 0; fi
  log "DOCKER_HOST=$DOCKER_HOST does not answer"
  exit 1
fi

socket=/var/run/docker.sock
if engine_at "unix://$socket"; then echo "unix://$socket"; exit 0; fi

if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "no Docker engine answers at $socket, and this is not a Debian machine where we are root: start one (or set DOCKER_HOST) to enable builds"
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing Debian's docker.io engine"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq docker.io >&2
fi

mkdir -p "$root/.cache"
log "starting dockerd (logs in .cache/dockerd.log)"
# BuildKit runs RUN steps on the default bridge, so the bridge stays; iptables
# is off because these machines have no NAT to manage (builds reach nothing outside).
# setsid gives it a session of its own: stopping start.sh's portal (Ctrl-C, or
# a signal to its process group) must not stop the engine.
nohup setsid dockerd --iptables=false --ip6tables=false --host "unix://$socket" \
  >"$root/.cache/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do
  if engine_at "unix://$socket"; then echo "unix://$socket"; exit 0; fi
  sleep 0.5
done
log "dockerd did not come up; see .cache/dockerd.log"
exit 1
