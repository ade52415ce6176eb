#!/usr/bin/env bash
# Rebuilds models/merchants/brands.tsv from the newest name-suggestion-index on the npm registry.
# Needs node and npm (a build-time tool only: the bot reads the TSV). Extra arguments go to
# build-brands.mjs, e.g. `--hold-out 0.2 --seed 13 --held-out /tmp/held-out.tsv OUT` for the accuracy figure.
#   scripts/merchants/build-brands.sh [OUT.tsv] [--hold-out 0.2 --seed 13 --held-out FILE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../models/merchants/brands.tsv}
shift || true
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "${NSI_PACKAGE:-name-suggestion-index}" >/dev/null && tar xzf ./*.tgz)
node "$here/build-brands.mjs" "$scratch/package" "$out" "$@"
