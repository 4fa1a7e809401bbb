#!/usr/bin/env bash
# Installs the JavaScript dependencies (Node 24, Yarn 4, node_modules) from the
# committed yarn.lock; yarn-install.mjs says in one line what it did and why.
# Safe to run again: a second run with nothing changed takes seconds.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STAGECRAFT_ROOT"

dependency_digest() {
  cat package.json yarn.lock packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1
}
stamp="$STAGECRAFT_CACHE/install.stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(dependency_digest)-$(node --version)" ] && [ -d node_modules ]; then
  log "install: dependencies up to date (package.json files and yarn.lock unchanged since the last install)"
  exit 0
fi

log "installing dependencies with $(node --version) and Yarn $(yarn --version) from $YARN_NPM_REGISTRY_SERVER"
node scripts/bootstrap/yarn-install.mjs
echo "$(dependency_digest)-$(node --version)" > "$stamp"
