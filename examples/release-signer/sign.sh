#!/bin/sh
# Prints the sha256 of each file given: the stand-in for a signing step.
set -eu
for file in "$@"; do
  sha256sum "$file"
done
