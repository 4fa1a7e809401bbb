#!/usr/bin/env bash
# Makes sure a Chromium for the end-to-end tests exists, and prints its path.
# Playwright's own browser download cannot work here; Debian's chromium does.
set -euo pipefail
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
for candidate in "${STAGECRAFT_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "no Chromium found: install one and set STAGECRAFT_CHROMIUM to its path"
  exit 1
fi
log "installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium fonts-liberation >&2
echo /usr/bin/chromium
