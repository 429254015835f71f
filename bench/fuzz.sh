#!/usr/bin/env bash
# Parser fuzzing for longer than CI's budget (issue 10). Builds bench/FuzzBench (the xUnit fuzz targets and mutation
# engine, linked from tests/), instruments the ingest and cleanup assemblies with SharpFuzz (the `sharpfuzz` dotnet
# tool, installed into bench/.tools), and runs every parser for SECONDS blind and then SECONDS coverage-guided in the
# same process, so the edge counts compare like for like. Writes bench/results/fuzz.tsv; findings (inputs that crash,
# hang, break a contract or allocate past the budget) go to bench/results/fuzz-findings/<target>/ — copy them into
# tests/ingest/Fuzz/Regressions/<target>/ (or tests/cleanup/Fuzz/Regressions/…) once fixed. Exit 1 when anything was found.
#
# Usage: bench/fuzz.sh [SECONDS per target and mode, default 60]
# Environment: FUZZ_MODE (both | blind | coverage; default both), FUZZ_ONLY (comma-separated target names),
#              FUZZ_SEED (20261129), BENCH_RESULTS (bench/results).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-60}"
mode="${FUZZ_MODE:-both}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$bench/FuzzBench/out"
mkdir -p "$results"

# Instrumentation rewrites these in place: remove them so the build copies fresh ones.
rm -f "$out/Platform.Insights.Ingest.dll" "$out/Platform.Insights.Cleanup.dll"
dotnet build "$bench/FuzzBench/FuzzBench.csproj" -c Release -o "$out" -nologo -clp:ErrorsOnly -v:q >&2

args=("$seconds" --out "$results/fuzz-findings" --seed "${FUZZ_SEED:-20261129}")
[ -n "${FUZZ_ONLY:-}" ] && args+=(--only "$FUZZ_ONLY")
if [ "$mode" != "blind" ]; then
  # SharpFuzz rewrites the assemblies in place to record branch edges; only the code under test is instrumented.
  if [ ! -x "$bench/.tools/sharpfuzz" ]; then
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$bench/.tools" >&2
  fi
  for dll in Platform.Insights.Ingest.dll Platform.Insights.Cleanup.dll; do
    "$bench/.tools/sharpfuzz" "$out/$dll" >&2
  done
  args+=(--coverage)
  [ "$mode" = "both" ] && args+=(--blind-too)
fi

echo "fuzz: ${seconds}s per target per mode ($mode), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
dotnet "$out/fuzz-bench.dll" "${args[@]}" | tee "$results/fuzz.tsv" || status=$?
exit "$status"
