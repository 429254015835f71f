#!/usr/bin/env bash
# Cleanup throughput (issue 8): plan + apply 10,000 findings through the log provider on a real DuckDB store, against
# enqueueing empty Hangfire jobs into the same SQLite job storage, in one process.
# Env: BENCH_CLEANUP_FINDINGS (10000), BENCH_CLEANUP_EMPTY_JOBS (1000).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet run -c Release --project "$bench/CleanupBench/CleanupBench.csproj"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
