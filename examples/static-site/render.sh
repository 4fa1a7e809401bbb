#!/bin/sh
# Renders pages/*.txt into public/*.html.
#   "title: X"       becomes the page title and heading
#   "link: href txt" becomes a link
#   any other line   becomes a paragraph
set -eu
mkdir -p public
for page in pages/*.txt; do
  name=$(basename "$page" .txt)
  awk '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    /^title: / { title = esc(substr($0, 8)); next }
    /^link: / { split(substr($0, 7), parts, " "); href = parts[1]; text = esc(substr($0, 8 + length(href)));
                body = body "<p><a href=\"" href "\">" text "</a></p>\n"; next }
    NF { body = body "<p>" esc($0) "</p>\n" }
    END { printf "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body><h1>%s</h1>\n%s</body></html>\n", title, title, body }
  ' "$page" > "public/$name.html"
done
echo "rendered $(ls public | wc -l) pages"
