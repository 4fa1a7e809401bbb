#!/usr/bin/env bash
# Serves busybox for linux/amd64 and linux/arm64 from the local registry as
# one manifest list, STAGECRAFT_REGISTRY/stagecraft/busybox:1.35: the engine
# resolves a base for another platform only from a registry, and its own image
# store labels imported images amd64. The arm64 binary is Debian's
# busybox-static:arm64; each image is assembled by hand (one layer, a config
# with its architecture, a schema 2 manifest) and uploaded through the
# registry API. Needs the registry (registry.sh) and its variables exported.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '\033[1;34m[stagecraft]\033[0m %s\n' "$*" >&2; }
: "${STAGECRAFT_REGISTRY:?run scripts/services/registry.sh and export what it prints}"
registry="http://$STAGECRAFT_REGISTRY"
auth="$STAGECRAFT_REGISTRY_USER:$STAGECRAFT_REGISTRY_PASSWORD"
name=stagecraft/busybox
tag=1.35
work="$root/.cache/registry-base-images"
mkdir -p "$work"

list_type=application/vnd.docker.distribution.manifest.list.v2+json
manifest_type=application/vnd.docker.distribution.manifest.v2+json
if [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -H "Accept: $list_type" "$registry/v2/$name/manifests/$tag")" = 200 ]; then
  exit 0
fi

# Debian's arm64 busybox, once.
if [ ! -x "$work/arm64/busybox" ]; then
  log "fetching Debian's busybox-static for arm64"
  dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64; apt-get update -qq >&2; }
  rm -rf "$work/deb" && mkdir -p "$work/deb" "$work/arm64"
  (cd "$work/deb" && apt-get download -qq busybox-static:arm64 >&2) || { apt-get update -qq >&2; (cd "$work/deb" && apt-get download -qq busybox-static:arm64 >&2); }
  dpkg-deb -x "$work"/deb/busybox-static_*_arm64.deb "$work/deb/x"
  cp "$work/deb/x/bin/busybox" "$work/arm64/busybox"
fi
mkdir -p "$work/amd64" && cp /bin/busybox "$work/amd64/busybox"

upload_blob() { # file -> digest
  local file="$1" digest location
  digest="sha256:$(sha256sum "$file" | cut -d' ' -f1)"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$auth" -I "$registry/v2/$name/blobs/$digest")" != 200 ]; then
    location=$(curl -sf -u "$auth" -X POST -D - -o /dev/null "$registry/v2/$name/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
    case "$location" in http*) ;; *) location="$registry$location" ;; esac
    case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
    curl -sf -u "$auth" -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" "$location" >/dev/null
  fi
  echo "$digest"
}

image_for() { # arch -> "digest size" of its manifest
  local arch="$1" dir="$work/$1/rootfs"
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
  cp "$work/$arch/busybox" "$dir/bin/busybox"
  for applet in sh ls cat echo uname sha256sum wc test true mkdir rm cp mv chmod env sleep grep sed head tail; do ln -s busybox "$dir/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:10001:10001:app:/home/app:/bin/sh\n' > "$dir/etc/passwd"
  printf 'root:x:0:\napp:x:10001:\n' > "$dir/etc/group"
  chmod 1777 "$dir/tmp"
  # Reproducible layer: fixed order, owners and times.
  tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$work/$arch/layer.tar" .
  gzip -n -c "$work/$arch/layer.tar" > "$work/$arch/layer.tar.gz"
  local diff_id layer layer_size config config_digest config_size manifest
  diff_id="sha256:$(sha256sum "$work/$arch/layer.tar" | cut -d' ' -f1)"
  layer=$(upload_blob "$work/$arch/layer.tar.gz")
  layer_size=$(stat -c %s "$work/$arch/layer.tar.gz")
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
    "$arch" "$diff_id" > "$work/$arch/config.json"
  config_digest=$(upload_blob "$work/$arch/config.json")
  config_size=$(stat -c %s "$work/$arch/config.json")
  printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%s,"digest":"%s"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%s,"digest":"%s"}]}' \
    "$manifest_type" "$config_size" "$config_digest" "$layer_size" "$layer" > "$work/$arch/manifest.json"
  curl -sf -u "$auth" -X PUT -H "Content-Type: $manifest_type" --data-binary "@$work/$arch/manifest.json" "$registry/v2/$name/manifests/$tag-$arch" >/dev/null
  echo "sha256:$(sha256sum "$work/$arch/manifest.json" | cut -d' ' -f1) $(stat -c %s "$work/$arch/manifest.json")"
}

read -r amd64_digest amd64_size < <(image_for amd64)
read -r arm64_digest arm64_size < <(image_for arm64)
printf '{"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","size":%s,"digest":"%s","platform":{"architecture":"amd64","os":"linux"}},{"mediaType":"%s","size":%s,"digest":"%s","platform":{"architecture":"arm64","os":"linux"}}]}' \
  "$list_type" "$manifest_type" "$amd64_size" "$amd64_digest" "$manifest_type" "$arm64_size" "$arm64_digest" > "$work/list.json"
curl -sf -u "$auth" -X PUT -H "Content-Type: $list_type" --data-binary "@$work/list.json" "$registry/v2/$name/manifests/$tag" >/dev/null
log "served $STAGECRAFT_REGISTRY/$name:$tag for linux/amd64 and linux/arm64"
