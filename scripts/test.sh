#!/usr/bin/env bash
# The whole Stagecraft test suite, as CI runs it (README: "Run the tests").
#
#   lockfile check -> install -> install-script tests -> type check -> lint ->
#   unit, database (SQLite + PostgreSQL) and engine tests -> end-to-end tests
#   in headless Chromium, and the README's ./scripts/start.sh
#
# It installs and starts what it needs: Node 24, dependencies, a Docker engine,
# PostgreSQL, Chromium and the local base images.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap/env.sh"
cd "$STAGECRAFT_ROOT"
# Backstage's test runner watches files unless CI is set.
export CI=true
results="$STAGECRAFT_CACHE/test-results"
rm -rf "$results" && mkdir -p "$results"

log "checking yarn.lock for entries not from the npm registry"
node scripts/bootstrap/check-lockfile.mjs
bash scripts/bootstrap/install.sh
log "install-script tests"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/scripts.tap" \
  'scripts/**/*.test.mjs'

log "starting the Docker engine"
DOCKER_HOST=$(bash scripts/services/docker-engine.sh)
export DOCKER_HOST
bash scripts/bootstrap/base-images.sh
# A second engine (unix socket, and tcp with --tlsverify) for the many-builders and replica tests.
# (Assigned first: a failing start stops the run here, which `eval "$(...)"` would not.)
second_engine=$(bash scripts/services/second-engine.sh)
eval "$second_engine"
export STAGECRAFT_ENGINE_TWO_SOCKET STAGECRAFT_ENGINE_TWO_TCP STAGECRAFT_ENGINE_TWO_CERTS
# A local registry with htpasswd authentication for the push tests.
registry=$(bash scripts/services/registry.sh)
eval "$registry"
export STAGECRAFT_REGISTRY STAGECRAFT_REGISTRY_USER STAGECRAFT_REGISTRY_PASSWORD
# Builds for linux/arm64: emulation for small RUN steps, and arm64 bases served from the registry.
bash scripts/services/emulation.sh
bash scripts/services/registry-base-images.sh

log "starting PostgreSQL"
BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(bash scripts/services/postgres.sh)
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
# Engine and PostgreSQL tests fail, rather than skip, when those are missing.
export STAGECRAFT_REQUIRE_ENGINE=1 STAGECRAFT_REQUIRE_POSTGRES=1

bash scripts/services/chromium.sh >/dev/null

log "type check"
yarn tsc
log "lint"
yarn lint:all
log "unit, database and engine tests"
yarn backstage-cli repo test --ci --json --outputFile="$results/jest.json"
log "end-to-end tests in headless Chromium, and ./scripts/start.sh"
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/e2e.tap" \
  'e2e/*.test.ts'

node scripts/test-summary.mjs "$results"
