#!/usr/bin/env bash
# Peak memory of `insights import billing` for each billing format at two file sizes (issue 3; BENCHMARKS.md §23):
# FOCUS CSV and AWS CUR Parquet from insights-bench's generators, Azure EA amortized CSV and GCP BigQuery export
# (JSONL and CSV) by repeating the rows of the shared sample / the test fixtures up to N rows. Each import runs in a
# fresh data directory under /usr/bin/time -v, with the import store's default DuckDB limit (Insights:ImportMemoryLimit,
# 128 MiB) unless BENCH_MEM_LIMIT overrides it. The runs of one size go in parallel (BENCH_MEM_PARALLEL=1), so compare
# peak RSS and CPU seconds, not wall time.
#
#   bench/billing_memory.sh                      # BENCH_MEM_SIZES ("100000 400000"), BENCH_MEM_KINDS ("focus cur azure gcp-jsonl gcp-csv")
#   HOST=/path/to/host BENCH_MEM_OUT=/tmp/x bench/billing_memory.sh   # a snapshot of ./insights' build; where inputs and logs go
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_MEM_OUT:-/tmp/insights-billing-memory}"
read -r -a sizes <<<"${BENCH_MEM_SIZES:-100000 400000}"
read -r -a kinds <<<"${BENCH_MEM_KINDS:-focus cur azure gcp-jsonl gcp-csv}"
host="${HOST:-$out/host}"
tool="$out/tool"
mkdir -p "$out/input" "$out/logs"
if [ -z "${HOST:-}" ]; then
  "$root/insights" --help >/dev/null
  rm -rf "$host" && cp -a "$root/.build/host" "$host"
fi
[ -f "$tool/insights-bench.dll" ] || dotnet build "$root/bench/Platform.Insights.Bench/Platform.Insights.Bench.csproj" -c Release -o "$tool" -nologo -clp:ErrorsOnly -v:q

# repeat SAMPLE N TARGET: the sample's header, then its data lines cycled until N lines (one record per line).
repeat() {
  awk -v n="$2" 'NR == 1 && FILENAME ~ /\.csv$/ { print; next } { body[m++] = $0 } END { for (i = 0; i < n; i++) print body[i % m] }' "$1" >"$3"
}
input() { # KIND N: prints the input file, made once
  local kind=$1 n=$2 file
  case $kind in
    focus) file="$out/input/focus-$n.csv"; [ -f "$file" ] || dotnet "$tool/insights-bench.dll" generate billing "$n" "$file" >/dev/null ;;
    cur) file="$out/input/cur-$n.parquet"; [ -f "$file" ] || dotnet "$tool/insights-bench.dll" generate cur-parquet "$n" "$file" >/dev/null ;;
    azure) file="$out/input/azure-$n.csv"; [ -f "$file" ] || repeat /work/shared/data/billing/azure_ea_amortizedcost_small.csv "$n" "$file" ;;
    gcp-jsonl) file="$out/input/gcp-$n.jsonl"; [ -f "$file" ] || repeat "$root/tests/ingest/Parsers/Billing/Fixtures/gcp_billing_export_detailed.jsonl" "$n" "$file" ;;
    gcp-csv) file="$out/input/gcp-$n.csv"; [ -f "$file" ] || repeat "$root/tests/ingest/Parsers/Billing/Fixtures/gcp_billing_export_standard.csv" "$n" "$file" ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
  echo "$file"
}

run() { # KIND N
  local kind=$1 n=$2 file name="$1-$2" data="$out/data-$1-$2"
  file=$(input "$kind" "$n")
  rm -rf "$data"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  env ${BENCH_MEM_LIMIT:+Insights__ImportMemoryLimit=$BENCH_MEM_LIMIT} /usr/bin/time -v -o "$out/logs/$name.time" \
    dotnet "$host/insights.dll" import billing --data "$data" "$file" >"$out/logs/$name.out" 2>"$out/logs/$name.err" || echo "$name: exit $?" >&2
  local tv; tv() { grep -F "$1" "$out/logs/$name.time" | sed 's/.*: //'; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$n" "$(tv 'Elapsed (wall clock)')" "$(tv 'User time')" "$(tv 'System time')" \
    "$(( $(tv 'Maximum resident set size') / 1024 ))" "$load" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(grep -F "$file:" "$out/logs/$name.out" | tail -n 1 | sed 's/.*: read/read/')" | tee -a "$out/results.tsv"
  rm -rf "$data"
}

printf 'kind\trows\twall\tuser_s\tsys_s\tpeak_rss_mib\tload_start\tload_end\tclosing line\n' | tee -a "$out/results.tsv"
for n in "${sizes[@]}"; do
  for kind in "${kinds[@]}"; do input "$kind" "$n" >/dev/null; done
  if [ "${BENCH_MEM_PARALLEL:-1}" = 1 ]; then
    for kind in "${kinds[@]}"; do run "$kind" "$n" & done
    wait
  else
    for kind in "${kinds[@]}"; do run "$kind" "$n"; done
  fi
done
