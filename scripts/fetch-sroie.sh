#!/usr/bin/env bash
# Real receipts for `finance ocr --eval`: the ICDAR 2019 SROIE training receipts (scanned Malaysian
# shop receipts, MIT licence, GitHub mirror zzzDavid/ICDAR-2019-SROIE) are copied into a scratch
# folder, never into this repository.
#
#   scripts/fetch-sroie.sh SOURCE [OUT]     (OUT defaults to /tmp/sroie)
#
# SOURCE is a clone of the mirror (a bare git directory or a work tree): on a machine with GitHub,
#   git clone --bare https://github.com/zzzDavid/ICDAR-2019-SROIE /tmp/sroie.git
# Only the receipts named in LIST (default docs/data/sroie-files.txt) are taken.
#
# Split rule (fixed, so every run agrees): a receipt NNN is held out when the first hex digit of
# sha256("NNN") (the three digits, no newline) is 0–6, else it is for tuning. That holds out about
# 7/16 of the list. Tuning looks only at OUT/tune; OUT/holdout is evaluated once, at the end.
set -euo pipefail
source=${1:?usage: scripts/fetch-sroie.sh SOURCE-GIT-DIR [OUT]}
out=${2:-/tmp/sroie}
list=${LIST:-$(dirname "$0")/../docs/data/sroie-files.txt}
if [ -d "$source/.git" ]; then gitdir="$source/.git"; else gitdir="$source"; fi

mkdir -p "$out/tune" "$out/holdout"
count_tune=0; count_holdout=0
while read -r name; do
  case "$name" in ''|\#*) continue ;; esac
  first=$(printf '%s' "$name" | sha256sum | cut -c1)
  case "$first" in [0-6]) part=holdout; count_holdout=$((count_holdout + 1)) ;; *) part=tune; count_tune=$((count_tune + 1)) ;; esac
  git --git-dir="$gitdir" show "HEAD:data/img/$name.jpg" > "$out/$part/$name.jpg"
  git --git-dir="$gitdir" show "HEAD:data/key/$name.json" > "$out/$part/$name.json"
done < "$list"
echo "$count_tune receipts in $out/tune, $count_holdout in $out/holdout"
