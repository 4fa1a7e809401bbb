#!/usr/bin/env bash
# Starts a second Docker engine on this machine, for the tests that need two
# (many builders, replicas): its own data root, exec root, pid file and bridge,
# listening on a unix socket and on tcp://127.0.0.1:23760 with --tlsverify.
# The TLS certificates (a CA, the engine's, a client's) are made fresh each
# time it starts, in .cache/engine-two/certs. The base image the tests build
# from is copied in from the first engine.
#
# Prints shell assignments: STAGECRAFT_ENGINE_TWO_SOCKET, STAGECRAFT_ENGINE_TWO_TCP
# and STAGECRAFT_ENGINE_TWO_CERTS. `second-engine.sh stop` stops it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
dir="$root/.cache/engine-two"
socket="$dir/docker.sock"
tcp=127.0.0.1:23760
bridge=br-stagecraft2

stop_engine() {
  if [ -f "$dir/docker.pid" ] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null; then
    local pid
    pid=$(cat "$dir/docker.pid")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

if [ "${1:-}" = stop ]; then stop_engine; exit 0; fi

answers() { curl -sf --max-time 3 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1; }
first="${DOCKER_HOST:-unix:///var/run/docker.sock}"

if ! answers; then
  command -v dockerd >/dev/null || { log "dockerd is not installed: run scripts/services/docker-engine.sh first"; exit 1; }
  command -v openssl >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq openssl >&2; }
  stop_engine
  if (exec 3<>"/dev/tcp/${tcp%:*}/${tcp#*:}") 2>/dev/null; then
    log "port ${tcp#*:} is taken (a second engine of another checkout?): stop it first (that checkout's scripts/services/second-engine.sh stop)"
    exit 1
  fi
  mkdir -p "$dir/data" "$dir/exec" && rm -rf "$dir/certs" && mkdir -p "$dir/certs"
  # The bridge must exist before dockerd starts; --bip alone would re-address docker0, the first engine's.
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add 172.31.251.1/24 dev "$bridge"
  fi
  ip link set "$bridge" up
  (
    cd "$dir/certs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=stagecraft-test-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=stagecraft-test-client -keyout key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile client.ext -out cert.pem 2>/dev/null
    chmod 600 ./*key.pem
  )
  log "starting a second dockerd (logs in .cache/engine-two/dockerd.log)"
  nohup setsid dockerd --host "unix://$socket" --host "tcp://$tcp" \
    --tlsverify --tlscacert "$dir/certs/ca.pem" --tlscert "$dir/certs/server-cert.pem" --tlskey "$dir/certs/server-key.pem" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    --bridge "$bridge" --iptables=false --ip6tables=false \
    >"$dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do answers && break; sleep 0.5; done
  answers || { log "the second dockerd did not come up; see .cache/engine-two/dockerd.log"; exit 1; }
fi

# The tests' trivial builds start from the local busybox image.
image=stagecraft/busybox:1.35
if ! DOCKER_HOST="unix://$socket" docker image inspect "$image" >/dev/null 2>&1; then
  DOCKER_HOST="$first" docker save "$image" | DOCKER_HOST="unix://$socket" docker load >&2
fi

echo "STAGECRAFT_ENGINE_TWO_SOCKET=unix://$socket"
echo "STAGECRAFT_ENGINE_TWO_TCP=tcp://$tcp"
echo "STAGECRAFT_ENGINE_TWO_CERTS=$dir/certs"
