#!/usr/bin/env bash
# /metrics scrape time and size of the KPI gauges at 100 / 1,000 / 5,000 services (issue 6), against a plain
# StringBuilder serialisation of the same series in the same run. Usage: bench/kpi_scrape.sh [REPS]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build "$bench/KpiScrapeBench/KpiScrapeBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q >&2
results="${BENCH_RESULTS:-$bench/results}"
mkdir -p "$results"
out="$results/kpi_scrape.tsv"
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
  for n in 100 1000 5000; do dotnet "$work/tool/KpiScrapeBench.dll" "$n" "${1:-5}"; done
} | tee "$out"
