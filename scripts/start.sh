#!/usr/bin/env bash
# Installs what Stagecraft needs and starts the portal (README: "Set up and run").
# Without a Docker engine the portal still starts; the tab then says builds are unavailable.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap/env.sh"
cd "$STAGECRAFT_ROOT"
bash scripts/bootstrap/install.sh
if DOCKER_HOST=$(bash scripts/services/docker-engine.sh); then
  export DOCKER_HOST
  bash scripts/bootstrap/base-images.sh || log "base images could not be made; builds of the examples will fail"
  bash scripts/bootstrap/example-dependencies.sh || log "node-web's npm cache could not be filled; its builds will fail"
else
  log "no Docker engine: the portal starts without builds"
fi
log "starting the portal at http://localhost:3000 (backend on :7007)"
exec yarn start
