#!/usr/bin/env bash
# Real recordings of people for the speech evaluation, kept out of the repository:
#   Free Spoken Digit Dataset (github.com/Jakobovski/free-spoken-digit-dataset, CC BY-SA 4.0):
#   3,000 recordings, 8 kHz, six speakers (US, Belgian-French, German, Greek accents) saying 0–9.
# usage: scripts/fetch-speech-data.sh [DEST]          (default: .run/speech-data)
#   FSDD_GIT_DIR=/path/to/a/clone.git uses a local copy instead of cloning.
# Then: dotnet run --project src/Finance.Cli -c Release -- transcribe --eval DEST/fsdd --split held-out
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-.run/speech-data}
mkdir -p "$dest/fsdd"
if [ -z "${FSDD_GIT_DIR:-}" ]; then
  FSDD_GIT_DIR="$dest/fsdd.git"
  [ -d "$FSDD_GIT_DIR" ] || git clone --bare --depth 1 https://github.com/Jakobovski/free-spoken-digit-dataset.git "$FSDD_GIT_DIR"
fi
git --git-dir="$FSDD_GIT_DIR" archive HEAD recordings | tar -x -C "$dest/fsdd" --strip-components=1
echo "$(ls "$dest/fsdd" | wc -l) recordings in $dest/fsdd"
