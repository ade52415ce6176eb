#!/usr/bin/env bash
# Real recordings of people for the speech evaluation, kept out of the repository:
#   Free Spoken Digit Dataset (github.com/Jakobovski/free-spoken-digit-dataset, CC BY-SA 4.0):
#   3,000 recordings, 8 kHz, six speakers (US, Belgian-French, German, Greek accents) saying 0–9.
#   Speech Commands v0.01 (Warden 2017, CC BY 4.0), the sample kept in github.com/vinsis/speech-commands-recognition:
#   100 one-second clips, 16 kHz, 22 people saying zero–nine (ten of each), renamed {digit}_{speaker}_{index}.wav.
#   CMU AN4 (Carnegie Mellon University, 1991; BSD-style licence in an4/LICENSE), the copy kept in
#   github.com/adagioNeo/VoiceInterpreter: 1,078 utterances, 16 kHz, close-talking microphone, 84 people saying
#   census answers (street numbers, zip codes, phone numbers, dates, spelled names) and short commands with numbers;
#   its own split (74 people in an4_train, 10 in an4_test). The NIST SPHERE files become .wav beside etc/.
#   Picovoice's speech-to-intent benchmark (github.com/Picovoice/speech-to-intent-benchmark, Apache 2.0): 619 coffee
#   orders, 16 kHz, crowd-sourced from more than 50 people ("a twelve ounce light roast coffee"), labelled by slot
#   (label.json), not by word; 180 of them name a size in ounces (eight, twelve, sixteen, twenty). No speaker ids: the
#   orders are grouped by voice in scripts/speech-data/coffee-orders-voices.tsv, which also splits them.
# usage: scripts/fetch-speech-data.sh [DEST]          (default: .run/speech-data)
#   FSDD_GIT_DIR / SPEECH_COMMANDS_GIT_DIR / AN4_GIT_DIR / COFFEE_GIT_DIR=/path/to/a/clone.git use a local copy instead of cloning.
# Then: dotnet run --project src/Finance.Cli -c Release -- transcribe --eval DEST/fsdd --split held-out
#       (and --eval DEST/speech-commands --split all: none of it was tuned on; --eval DEST/an4 --split held-out;
#       --eval DEST/coffee-orders --split held-out)
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

mkdir -p "$dest/speech-commands"
if [ -z "${SPEECH_COMMANDS_GIT_DIR:-}" ]; then
  SPEECH_COMMANDS_GIT_DIR="$dest/speech-commands.git"
  [ -d "$SPEECH_COMMANDS_GIT_DIR" ] || git clone --bare --depth 1 https://github.com/vinsis/speech-commands-recognition.git "$SPEECH_COMMANDS_GIT_DIR"
fi
digits=(zero one two three four five six seven eight nine)
for n in "${!digits[@]}"; do
  for file in $(git --git-dir="$SPEECH_COMMANDS_GIT_DIR" ls-tree --name-only HEAD "speech_commands_v0.01/${digits[$n]}/"); do
    name=$(basename "$file" .wav) # {speaker}_nohash_{index}
    git --git-dir="$SPEECH_COMMANDS_GIT_DIR" show "HEAD:$file" > "$dest/speech-commands/${n}_${name%%_nohash_*}_${name##*_nohash_}.wav"
  done
done
echo "$(ls "$dest/speech-commands" | wc -l) recordings in $dest/speech-commands"

if [ -z "${AN4_GIT_DIR:-}" ]; then
  AN4_GIT_DIR="$dest/an4.git"
  [ -d "$AN4_GIT_DIR" ] || git clone --bare --depth 1 https://github.com/adagioNeo/VoiceInterpreter.git "$AN4_GIT_DIR"
fi
rm -rf "$dest/an4" && mkdir -p "$dest/an4"
# File by file: git archive reads every blob of the tree, the snapshot's 60 MB tarball of the same audio included.
for file in $(git --git-dir="$AN4_GIT_DIR" ls-tree -r --name-only HEAD an4/etc an4/LICENSE an4/README an4/wav | grep -v '\.wav$'); do
  mkdir -p "$dest/$(dirname "$file")"
  git --git-dir="$AN4_GIT_DIR" show "HEAD:$file" > "$dest/$file"
done
# The product's decoder reads only voice-note containers, so SPHERE (16 kHz, 16-bit PCM) is rewritten as WAVE once here.
find "$dest/an4/wav" -name '*.sph' | while read -r sph; do
  ffmpeg -nostdin -loglevel error -y -i "$sph" -c:a pcm_s16le "${sph%.sph}.wav" && rm "$sph"
done
echo "$(find "$dest/an4/wav" -name '*.wav' | wc -l) recordings in $dest/an4"

if [ -z "${COFFEE_GIT_DIR:-}" ]; then
  COFFEE_GIT_DIR="$dest/coffee-orders.git"
  [ -d "$COFFEE_GIT_DIR" ] || git clone --bare --depth 1 https://github.com/Picovoice/speech-to-intent-benchmark.git "$COFFEE_GIT_DIR"
fi
rm -rf "$dest/coffee-orders" && mkdir -p "$dest/coffee-orders"
git --git-dir="$COFFEE_GIT_DIR" archive HEAD:data/speech clean | tar -x -C "$dest/coffee-orders"
for file in LICENSE data/label/label.json; do git --git-dir="$COFFEE_GIT_DIR" show "HEAD:$file" > "$dest/coffee-orders/$(basename "$file")"; done
# The set names no speakers: the orders grouped by voice, half the groups held out (scripts/group-coffee-order-voices.py).
cp scripts/speech-data/coffee-orders-voices.tsv "$dest/coffee-orders/voices.tsv"
echo "$(ls "$dest/coffee-orders/clean" | wc -l) recordings in $dest/coffee-orders"
