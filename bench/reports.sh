#!/usr/bin/env bash
# Weekly leadership report generation time per format (issue 7): 50 teams / 1,000 services by default, against the
# KPI queries alone as the baseline (each query also timed on its own), in one process. Env: BENCH_REPORT_TEAMS,
# BENCH_REPORT_SERVICES, BENCH_REPORT_REPS; BENCH_REPORT_BASELINE_ONLY=1 times only the queries, BENCH_REPORT_MODEL_ONLY=1
# the queries and the report model (no rendering); BENCH_REPORT_PROFILE=1 times each report section and the single
# queries behind them instead; BENCH_REPORT_SEED_ONLY=1 seeds, keeps
# the data directory and stops (to profile one query with `insights query --data DIR "EXPLAIN ANALYZE …"`).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet run -c Release --project "$bench/ReportBench/ReportBench.csproj"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
