#!/usr/bin/env bash
# Lake benchmark (issue 9): KPI query latency over the embedded DuckDB store file vs cluster mode's Parquet lake, on the
# same data. The demo organisation (BENCH_LAKE_TEAMS teams, BENCH_LAKE_SERVICES services, BENCH_LAKE_DAYS days) is
# imported twice from the same generated files: into a data directory (embedded) and, with Insights:Mode = Cluster,
# into a lake. bench/LakeBench then times, in one process and interleaved, uptime per service, DORA per team and cost by
# team (the product's query classes and .sql files) BENCH_LAKE_REPS times over: the DuckDB file, the lake as the imports
# left it (one file per store-writer commit), and the lake after one compaction pass. The DuckDB file is the baseline.
# Writes bench/results/lake.tsv and prints medians and ratios.
# Environment: BENCH_LAKE_TEAMS (6), BENCH_LAKE_SERVICES (40), BENCH_LAKE_DAYS (14), BENCH_LAKE_REPS (5), BENCH_RESULTS,
#   BENCH_LAKE_HOST (a directory holding an already built insights.dll, instead of building with ./insights; only the
#   imports and demo run on it — the timed queries run in lake-bench, built here in Release).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
teams="${BENCH_LAKE_TEAMS:-6}"
services="${BENCH_LAKE_SERVICES:-40}"
days="${BENCH_LAKE_DAYS:-14}"
reps="${BENCH_LAKE_REPS:-5}"
results="${BENCH_RESULTS:-$bench/results}"
end="2026-01-15"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "lake: FAILED: $*" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-lake.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"
out="$results/lake.tsv"

echo "== build (not timed)"
if [ -n "${BENCH_LAKE_HOST:-}" ]; then
  cp -a "$BENCH_LAKE_HOST" "$work/host"
else
  "$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
  cp -a "$root/.build/host" "$work/host"
fi
dotnet build "$bench/LakeBench/LakeBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; die "lake-bench build failed"; }
insights=(dotnet "$work/host/insights.dll")
tool=(dotnet "$work/tool/lake-bench.dll")

echo "== data: demo $teams teams, $services services, $days days (end $end)"
(cd "$work" && "${insights[@]}" demo --teams "$teams" --services "$services" --days "$days" --seed 7 --end "$end" \
  --data "$work/embedded" --out "$work/in" >"$work/demo.log" 2>&1) || { tail -20 "$work/demo.log" >&2; die "demo failed"; }
grep -E "^(metrics|logs|billing):" "$work/demo.log" || true
lake_env=(env Insights__Mode=Cluster "Insights__Lake__Root=$work/lake")
(cd "$work" && "${lake_env[@]}" "${insights[@]}" catalog load "$work/in/catalog" --data "$work/lake-data" >"$work/lake-import.log" 2>&1) \
  || die "catalog load into the lake data directory failed"
for kind in metrics logs billing; do
  (cd "$work" && "${lake_env[@]}" "${insights[@]}" import "$kind" "$work/in/$kind" --data "$work/lake-data" >>"$work/lake-import.log" 2>&1) \
    || { tail -20 "$work/lake-import.log" >&2; die "import $kind into the lake failed"; }
done
files() { find "$work/lake" -name '*.parquet' | wc -l; }
echo "lake: $(files) parquet files, $(du -sh "$work/lake" | cut -f1); duckdb file: $(du -sh "$work/embedded/insights.duckdb" | cut -f1)"

from="$(date -u -d "$end - $days days" +%F)"
echo "== queries, lake as imported ($(files) files)"
"${tool[@]}" query "$work/embedded" "$work/lake-data" "$work/lake" "$from" "$end" "$reps" | tee "$work/before.tsv"
echo "== compaction"
"${tool[@]}" compact "$work/lake"
echo "== queries, lake compacted ($(files) files incl. the replaced ones, unread)"
"${tool[@]}" query "$work/embedded" "$work/lake-data" "$work/lake" "$from" "$end" "$reps" | tee "$work/after.tsv"

{
  echo -e "lake\tmode\tquery\trep\tms\trows"
  tail -n +2 "$work/before.tsv" | sed 's/^/as_imported\t/'
  tail -n +2 "$work/after.tsv" | sed 's/^/compacted\t/'
} >"$out"

echo "== medians (ms) and ratio lake / duckdb file"
python3 - "$out" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
med = {}
for r in rows:
    med.setdefault((r["lake"], r["query"], r["mode"]), []).append(float(r["ms"]))
print("| lake state | query | DuckDB file ms | Parquet lake ms | ratio lake ÷ file |")
print("|---|---|---:|---:|---:|")
for state in ("as_imported", "compacted"):
    for q in ("uptime_service", "dora_team", "cost_team"):
        f = statistics.median(med[(state, q, "duckdb_file")]); l = statistics.median(med[(state, q, "parquet_lake")])
        print(f"| {state} | {q} | {f:.1f} | {l:.1f} | {l / f:.2f}× |")
PY
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
