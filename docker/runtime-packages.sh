#!/bin/sh
# Prints the Debian packages that ship the shared libraries BINARY links, one a line, so the runtime
# image installs exactly those. Fails if a library belongs to no package.
set -eu
binary=$1

# ldd may name a library by its /lib path while dpkg registered it under /usr/lib (merged /usr).
owner() {
  for path in "$1" "/usr$1" "${1#/usr}"; do
    dpkg -S "$path" 2>/dev/null && return 0
  done
  echo "runtime-packages: no package ships $1" >&2
  return 1
}

ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' \
  | while read -r library; do owner "$library"; done \
  | cut -d: -f1 | sort -u
