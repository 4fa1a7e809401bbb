#!/usr/bin/env bash
# Lets the engine run arm64 RUN steps: Debian's qemu-user-static, registered
# with the kernel's binfmt_misc (with the F flag, so containers find the
# interpreter without it being inside them). Builds cross-compile their
# compilers' work; emulation is only for small RUN steps of arm64 stages.
# Needs root (it mounts binfmt_misc and registers a handler).
set -euo pipefail
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
binfmt=/proc/sys/fs/binfmt_misc
if [ -f "$binfmt/qemu-aarch64" ] && grep -q '^enabled' "$binfmt/qemu-aarch64"; then exit 0; fi
if [ ! -x /usr/bin/qemu-aarch64-static ]; then
  [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] || { log "install qemu-user-static and register it with binfmt_misc to build arm64 images"; exit 1; }
  log "installing Debian's qemu-user-static (arm64 emulation for RUN steps)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq qemu-user-static >&2 || { apt-get update -qq >&2; apt-get install -y -qq qemu-user-static >&2; }
fi
[ -f "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt"
if [ ! -f "$binfmt/qemu-aarch64" ]; then
  line=$(grep -v '^#' /usr/lib/binfmt.d/qemu-aarch64.conf | head -n 1)
  printf '%s' "$line" > "$binfmt/register"
fi
grep -q '^enabled' "$binfmt/qemu-aarch64" || { log "qemu-aarch64 did not register with binfmt_misc"; exit 1; }
log "arm64 emulation registered ($(grep '^flags' "$binfmt/qemu-aarch64"))"
