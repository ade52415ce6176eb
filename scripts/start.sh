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
exec dotnet run --project src/Finance.Host -c Release -- --urls "${FINANCE_URLS:-http://127.0.0.1:8080}"
