#!/usr/bin/env bash
# Makes sure a PostgreSQL server is reachable for the tests, and prints a
# connection string for a role that may create databases.
#
# STAGECRAFT_TEST_PG_URL wins when it is set. Otherwise, on a Debian machine
# where we are root, Debian's postgresql is installed and its cluster started.
set -euo pipefail
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }

if [ -n "${STAGECRAFT_TEST_PG_URL:-}" ]; then echo "$STAGECRAFT_TEST_PG_URL"; exit 0; fi

role=stagecraft
password=stagecraft
url="postgresql://$role:$password@127.0.0.1:5432/postgres"

if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "set STAGECRAFT_TEST_PG_URL to a PostgreSQL role with CREATEDB"
  exit 1
fi

# The machine image may ship only the psql client, which also creates
# /usr/lib/postgresql/<version>: look for the server binary itself.
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls -d /usr/lib/postgresql/*/bin/postgres | awk -F/ '{print $5}' | sort -n | tail -n 1)
if [ -z "$(pg_lsclusters -h | awk -v v="$version" '$1 == v')" ]; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $4 == "online" { found = 1 } END { exit !found }'; then
  log "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start >&2
fi

su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$role'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'\"" >&2
echo "$url"
