#!/bin/sh
# Fails when a rendered page links to a local page that was not rendered.
set -eu
status=0
for html in public/*.html; do
  for href in $(grep -o 'href="[^"]*"' "$html" | sed 's/href="//; s/"$//'); do
    case "$href" in
      http://*|https://*|'#'*) continue ;;
    esac
    if [ ! -f "public/$href" ]; then
      echo "$html: broken link to $href" >&2
      status=1
    fi
  done
done
[ "$status" = 0 ] && echo "all links resolve"
exit "$status"
