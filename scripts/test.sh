#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs missing Debian packages, starts a private
# PostgreSQL (unless ConnectionStrings__Finance points at one), builds, runs all test projects and
# closes with one line "N passed, N failed". Exits non-zero when a test failed or none ran.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-debian-packages.sh || exit 1
# PP-OCR's models for the tests of the thorough reading (fetched once, checked by SHA-256).
scripts/fetch-ocr-models.sh || { echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d /tmp/finance-test-results.XXXXXX)
cleanup() { rm -rf "$results"; }
if [ -z "${ConnectionStrings__Finance:-}" ]; then
  pgdir=$(mktemp -d /tmp/finance-test-pg.XXXXXX)
  cleanup() { scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir" "$results"; }
  ConnectionStrings__Finance=$(scripts/postgres.sh start "$pgdir" fast) || { cleanup; exit 1; }
  export ConnectionStrings__Finance
fi
trap cleanup EXIT

dotnet build Finance.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Finance.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@"
status=$?

sum() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9\n' | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed); failed=$(sum failed); passed=${passed:-0}; failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test: a test run aborted" >&2
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
