#!/usr/bin/env bash
# Builds the local base images that the example services and the engine tests
# use, and imports them into the Docker engine. No container registry is
# reachable on these machines, so images are made from Debian's packages:
#
#   stagecraft/busybox:1.35       busybox-static applets only (about 2 MB)
#   stagecraft/debian:bookworm    Debian minbase (debootstrap)
#   stagecraft/gcc:12             minbase + gcc, libc6-dev, make
#   stagecraft/gcc-cross:12       stagecraft/gcc:12's packages + Debian's arm64 cross compiler
#                                 (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross) for builds of
#                                 several platforms that compile on the build platform
#   stagecraft/python:3.11        minbase + python3 and venv (like python:3.11)
#   stagecraft/python:3.11-slim   minbase + python3 (like python:3.11-slim)
#   stagecraft/golang:1.19        minbase + Debian's Go toolchain
#   stagecraft/rust:1.63          minbase + Debian's rustc and cargo
#   stagecraft/maven:3.8.7        minbase + OpenJDK 17, Maven and Debian's Maven plugins,
#                                 set up to build offline
#   stagecraft/gradle:4.4         minbase + OpenJDK 17 and Debian's Gradle, set up to
#                                 resolve from Debian's Maven repository
#   stagecraft/nginx:1.22         minbase + nginx, run as uid 101 on port 8080
#                                 (like nginxinc/nginx-unprivileged)
#   stagecraft/node:18            minbase + nodejs, npm and what node-gyp needs to
#                                 compile native addons offline (like the official node:18)
#   stagecraft/node:18-slim       minbase + nodejs (like node:18-slim)
#
# The examples take their base images through global ARGs (BUSYBOX_IMAGE,
# GCC_IMAGE, ...), so with a registry you can use the official images instead.
# A rebuilt image is skipped when an image with the same recipe digest exists;
# the debootstrap root is cached in .cache/base-images.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/.cache/base-images"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
mkdir -p "$cache"

export DEBIAN_FRONTEND=noninteractive
need_packages=()
command -v debootstrap >/dev/null 2>&1 || need_packages+=(debootstrap)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -q '^httpd$' || need_packages+=(busybox-static)
if [ "${#need_packages[@]}" -gt 0 ]; then
  log "installing ${need_packages[*]}"
  apt-get update -qq >&2
  apt-get install -y -qq "${need_packages[@]}" >&2
fi

# The Debian mirror this machine's apt uses, so debootstrap reaches the same one.
mirror=$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb +[^ ]+' /etc/apt/sources.list 2>/dev/null | head -n 1 | awk '{print $2}')
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

recipe_digest() { printf '%s' "$*" | sha256sum | cut -c1-16; }

has_image() {
  local tag="$1" digest="$2"
  [ "$(docker image inspect -f '{{index .Config.Labels "io.stagecraft.recipe"}}' "$tag" 2>/dev/null)" = "$digest" ]
}

import_rootfs() {
  local dir="$1" tag="$2" digest="$3" cmd="${4:-[\"/bin/sh\"]}"
  tar -C "$dir" -c . | docker import \
    --change "LABEL io.stagecraft.recipe=$digest" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "CMD $cmd" - "$tag" >/dev/null
  log "imported $tag"
}

busybox_image() {
  local tag=stagecraft/busybox:1.35
  local digest
  digest=$(recipe_digest busybox "$(sha256sum /bin/busybox | cut -d' ' -f1)")
  has_image "$tag" "$digest" && return 0
  local dir="$cache/busybox"
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/var/www"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:10001:10001:app:/home/app:/bin/sh\n' > "$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\napp:x:10001:\n' > "$dir/etc/group"
  chmod 1777 "$dir/tmp"
  import_rootfs "$dir" "$tag" "$digest"
}

minbase_root() {
  local dir="$cache/debian-minbase"
  if [ ! -f "$dir/.complete" ]; then
    log "debootstrap bookworm minbase from $mirror (about a minute, once)"
    rm -rf "$dir"
    debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
      { log "debootstrap failed; see .cache/base-images/debootstrap.log"; exit 1; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# Derives an image from minbase by installing Debian packages in a chroot copy.
#   derived_image TAG [--setup SHELL] [--user UID] [--cmd JSON] PACKAGE...
# --setup runs in the chroot after the install (configuration the image needs),
# --cmd replaces the default CMD ["/bin/sh"].
derived_image() {
  local tag="$1"; shift
  local setup="" host_setup="" cmd='["/bin/sh"]'
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --setup) setup="$2"; shift 2 ;;
      --host-setup) host_setup="$2"; shift 2 ;;
      --cmd) cmd="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  local packages=("$@")
  local digest
  digest=$(recipe_digest minbase-bookworm "${packages[@]}" "$setup" "$host_setup" "$cmd")
  has_image "$tag" "$digest" && return 0
  local base
  base=$(minbase_root)
  local dir="$cache/${tag//[\/:]/-}"
  rm -rf "$dir" && cp -a "$base" "$dir" && rm -f "$dir/.complete"
  # Java's package scripts run java, which needs /proc.
  mount -t proc proc "$dir/proc"
  trap 'umount "'"$dir"'/proc" 2>/dev/null || true' EXIT
  if [ "${#packages[@]}" -gt 0 ]; then
    log "installing ${packages[*]} into $tag"
    cp /etc/resolv.conf "$dir/etc/resolv.conf"
    chroot "$dir" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages[*]} && apt-get clean && rm -rf /var/lib/apt/lists/*" \
      >"$cache/${tag//[\/:]/-}.log" 2>&1 ||
      { log "package install for $tag failed; see .cache/base-images/${tag//[\/:]/-}.log"; exit 1; }
    : > "$dir/etc/resolv.conf"
  fi
  if [ -n "$host_setup" ]; then
    (export dir; eval "$host_setup") >>"$cache/${tag//[\/:]/-}.log" 2>&1 ||
      { log "host setup of $tag failed; see .cache/base-images/${tag//[\/:]/-}.log"; exit 1; }
  fi
  if [ -n "$setup" ]; then
    chroot "$dir" /bin/sh -ec "$setup" >>"$cache/${tag//[\/:]/-}.log" 2>&1 ||
      { log "setup of $tag failed; see .cache/base-images/${tag//[\/:]/-}.log"; exit 1; }
  fi
  umount "$dir/proc"
  trap - EXIT
  import_rootfs "$dir" "$tag" "$digest" "$cmd"
  rm -rf "$dir"
}

# nginx as the nginxinc/nginx-unprivileged images run it: as uid 101, on port
# 8080, with its pid and temporary files where that user may write.
nginx_unprivileged='
sed -i -e "s|^user .*;||" -e "s|^pid .*;|pid /tmp/nginx.pid;|" /etc/nginx/nginx.conf
sed -i -e "/^http {/a\    client_body_temp_path /tmp/client_temp; proxy_temp_path /tmp/proxy_temp; fastcgi_temp_path /tmp/fastcgi_temp; uwsgi_temp_path /tmp/uwsgi_temp; scgi_temp_path /tmp/scgi_temp;" /etc/nginx/nginx.conf
printf "server {\n  listen 8080;\n  root /usr/share/nginx/html;\n  index index.html;\n  location / { try_files \$uri \$uri/ =404; }\n}\n" > /etc/nginx/sites-available/default
mkdir -p /usr/share/nginx/html
ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
chown -R 101:101 /var/lib/nginx /var/log/nginx /usr/share/nginx/html
'

# Maven working offline from the plugins and libraries Debian packages, the way
# a company mirror would serve them: a writable copy of Debian's Maven repository
# as the local repository, offline mode in the global settings (outside
# /root/.m2/repository, which the templates mount as a cache). Debian's
# maven-surefire-plugin is 2.22.3, a version Maven Central never had; it is
# also offered as 2.22.2 (which Central has), the version the Java skeleton pins.
maven_offline='
cp -a /usr/share/maven-repo /usr/share/maven-repo-offline
plugins=/usr/share/maven-repo-offline/org/apache/maven/plugins/maven-surefire-plugin
mkdir -p "$plugins/2.22.2" /tmp/surefire && cd /tmp/surefire
cp /usr/share/java/maven-surefire-plugin.jar "$plugins/2.22.2/maven-surefire-plugin-2.22.2.jar"
jar xf "$plugins/2.22.2/maven-surefire-plugin-2.22.2.jar" META-INF/maven/plugin.xml
sed -i "0,/<version>2.22.3<\/version>/s//<version>2.22.2<\/version>/" META-INF/maven/plugin.xml
jar uf "$plugins/2.22.2/maven-surefire-plugin-2.22.2.jar" META-INF/maven/plugin.xml
sed "0,/<version>2.22.3<\/version>/s//<version>2.22.2<\/version>/" "$plugins/2.22.3/maven-surefire-plugin-2.22.3.pom" > "$plugins/2.22.2/maven-surefire-plugin-2.22.2.pom"
cd / && rm -rf /tmp/surefire
printf "<settings>\n  <localRepository>/usr/share/maven-repo-offline</localRepository>\n  <offline>true</offline>\n  <interactiveMode>false</interactiveMode>\n</settings>\n" > /etc/maven/settings.xml
'

# Gradle offline the same way: every project's repositories become Debian's
# Maven repository (an init script outside /root/.gradle/caches, which the
# templates mount as a cache). Debian's Gradle is 4.4, so the skeleton keeps to
# what both 4.4 and current Gradle understand.
gradle_offline='
mkdir -p /root/.gradle/init.d
cat > /root/.gradle/init.d/offline.gradle <<GRADLE
allprojects {
    afterEvaluate { project ->
        project.repositories.clear()
        project.repositories.maven { url "file:///usr/share/maven-repo" }
    }
}
GRADLE
'

# npm in the Node image answers from a cache filled here from the npm registry
# (builds have no network), as a company mirror would: pnpm at the version the
# node-pnpm template pins by default, so `npm install --global pnpm@...` works.
npm_offline='npm cache add pnpm@9.15.0 --cache "$dir/opt/npm-offline" --loglevel=error'
npm_offline_config='printf "cache=/opt/npm-offline\nprefer-offline=true\n" > /etc/npmrc'

busybox_image
derived_image stagecraft/debian:bookworm
derived_image stagecraft/gcc:12 gcc libc6-dev make
derived_image stagecraft/gcc-cross:12 gcc libc6-dev make gcc-aarch64-linux-gnu libc6-dev-arm64-cross
derived_image stagecraft/python:3.11 python3 python3-venv
derived_image stagecraft/python:3.11-slim python3
derived_image stagecraft/golang:1.19 golang-go
derived_image stagecraft/rust:1.63 rustc cargo gcc libc6-dev
derived_image stagecraft/maven:3.8.7 --setup "$maven_offline" \
  openjdk-17-jdk-headless maven binutils junit5 \
  libmaven-clean-plugin-java libmaven-resources-plugin-java libmaven-compiler-plugin-java libsurefire-java \
  libmaven-jar-plugin-java libmaven-install-plugin-java libmaven-deploy-plugin-java libmaven-site-plugin-java \
  libmaven-dependency-plugin-java
derived_image stagecraft/gradle:4.4 --setup "$gradle_offline" openjdk-17-jdk-headless gradle binutils junit4
derived_image stagecraft/nginx:1.22 --setup "$nginx_unprivileged" --cmd '["nginx", "-g", "daemon off;"]' nginx-light curl
derived_image stagecraft/node:18 --host-setup "$npm_offline" --setup "$npm_offline_config" \
  nodejs npm libnode-dev g++ make python3
derived_image stagecraft/node:18-slim nodejs
log "base images ready"
