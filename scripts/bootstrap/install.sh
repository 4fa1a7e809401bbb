#!/usr/bin/env bash
# Installs the JavaScript dependencies (Node 24, Yarn 4, node_modules).
# Safe to run again: a second run with nothing changed takes seconds.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$STAGECRAFT_ROOT"

stamp="$STAGECRAFT_CACHE/install.stamp"
digest=$(cat package.json yarn.lock packages/*/package.json plugins/*/package.json scripts/bootstrap/npm-mirror-gaps.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest-$(node --version)" ] && [ -d node_modules ]; then
  log "dependencies up to date"
  exit 0
fi

log "installing dependencies with $(node --version) and Yarn $(yarn --version)"
node scripts/bootstrap/npm-mirror-workarounds.mjs "$@"
digest=$(cat package.json yarn.lock packages/*/package.json plugins/*/package.json scripts/bootstrap/npm-mirror-gaps.json 2>/dev/null | sha256sum | cut -d' ' -f1)
echo "$digest-$(node --version)" > "$stamp"
