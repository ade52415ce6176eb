#!/usr/bin/env bash
# Benchmarks, apart from the tests:  scripts/bench.sh pipeline|understanding|media [options]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-debian-packages.sh
dotnet build Finance.sln -c Release -nologo -clp:ErrorsOnly
exec dotnet bench/Finance.Benchmarks/bin/Release/net10.0/Finance.Benchmarks.dll "$@"
