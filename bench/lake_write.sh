#!/usr/bin/env bash
# Lake write benchmark (issue 9, BENCHMARKS.md §21): the store writer's lake write path, Apache Arrow record batches
# written by ParquetSharp, against the previous path (rows staged in a DuckDB table, one COPY … (FORMAT parquet) per
# date), on the same rows in one process, interleaved, BENCH_LAKE_WRITE_REPS times. Metric samples (BENCH_LAKE_WRITE_SERIES
# series × BENCH_LAKE_WRITE_PER_SERIES samples, crossing midnight: two date files) and log events (BENCH_LAKE_WRITE_LOGS).
# Reports rows per CPU-second (process CPU of all threads: "per core"), wall time and file sizes; the COPY path is the
# baseline. Writes bench/results/lake_write.tsv.
# Environment: BENCH_LAKE_WRITE_SERIES (2000), BENCH_LAKE_WRITE_PER_SERIES (500), BENCH_LAKE_WRITE_LOGS (200000),
#   BENCH_LAKE_WRITE_REPS (5), BENCH_RESULTS.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
series="${BENCH_LAKE_WRITE_SERIES:-2000}"
per_series="${BENCH_LAKE_WRITE_PER_SERIES:-500}"
logs="${BENCH_LAKE_WRITE_LOGS:-200000}"
reps="${BENCH_LAKE_WRITE_REPS:-5}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "lake_write: FAILED: $*" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-lake-write.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"
out="$results/lake_write.tsv"

echo "== build (not timed)"
dotnet build "$bench/LakeWriteBench/LakeWriteBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; die "lake-write-bench build failed"; }
echo "== write: $series series × $per_series samples, $logs log events, $reps reps (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$work/tool/lake-write-bench.dll" "$work/out" "$series" "$per_series" "$logs" "$reps" | tee "$out"

echo "== medians; ratio against duckdb_copy (rows per CPU-second: higher is better)"
python3 - "$out" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
runs = {}
for r in rows:
    runs.setdefault((r["kind"], r["path"]), []).append(r)
print("| kind | path | rows | wall ms | CPU ms | rows per CPU-s | ratio ÷ COPY | file bytes | files |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for kind in ("metrics", "logs"):
    base = None
    for (k, path), rs in runs.items():
        if k != kind:
            continue
        wall = statistics.median(float(r["wall_ms"]) for r in rs[1:] or rs)  # the first rep warms up (JIT, DuckDB)
        cpu = statistics.median(float(r["cpu_ms"]) for r in rs[1:] or rs)
        per_cpu = int(rs[0]["rows"]) / (cpu / 1000)
        if path == "duckdb_copy":
            base = per_cpu
        print(f"| {kind} | {path} | {rs[0]['rows']} | {wall:.0f} | {cpu:.0f} | {per_cpu:,.0f} | {per_cpu / base:.2f}× | {int(rs[0]['bytes']):,} | {rs[0]['files']} |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
