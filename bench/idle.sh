#!/usr/bin/env bash
# Idle-resource detection at scale (issue 8): BENCH_IDLE_RESOURCES VMs x BENCH_IDLE_DAYS days of hourly CPU and network
# samples (two series each) plus one FOCUS row per resource, written straight into a fresh store (bench/IdleBench), then
# BENCH_IDLE_REPS interleaved runs of
#   insights idle --all --recompute --format csv      (a detection run: hourly rollup, days, windows, billing join, rules,
#                                                      persisted to idle_runs / idle_findings, then listed)
#   insights idle --all --format csv                  (the read path: every finding served from that persisted run)
#   insights query "… GROUP BY series, hour …"        (baseline: one plain DuckDB hourly GROUP BY over the same samples)
#   insights query "SELECT count(*) …"                (the process start-up floor)
# each a whole process under /usr/bin/time (wall, CPU, peak RSS). Writes bench/results/idle.tsv and prints medians.
# Environment: BENCH_IDLE_RESOURCES (100000), BENCH_IDLE_DAYS (14), BENCH_IDLE_REPS (3), BENCH_RESULTS (bench/results),
# BENCH_IDLE_EXPLAIN (set: also write DuckDB's EXPLAIN ANALYZE of idle_resources.sql to idle-explain.txt),
# BENCH_IDLE_COMPARE (a directory holding another build's insights.dll, e.g. the commit before a change, built with
# `./insights --help` and copied from .build/host: each repetition also times its detection run first, as detect-compare,
# on the same data, and the script checks both builds list the same findings), BENCH_IDLE_DATA (a directory to keep the
# generated store in and reuse on the next run with the same sizes: generation at 100,000 resources is minutes of its own).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
resources="${BENCH_IDLE_RESOURCES:-100000}"
days="${BENCH_IDLE_DAYS:-14}"
reps="${BENCH_IDLE_REPS:-3}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "idle: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-idle.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"
out="$results/idle.tsv"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
dotnet build "$bench/IdleBench/IdleBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; die "idle-bench build failed"; }
insights=(dotnet "$work/host/insights.dll")
data="${BENCH_IDLE_DATA:-$work/data}"

if [ -f "$data/.idle-bench-$resources-$days" ]; then
  echo "== reusing the store in $data ($resources resources x $days days)"
else
  echo "== generate (not timed)"
  rm -rf "$data"
  dotnet "$work/tool/idle-bench.dll" generate "$data" "$resources" "$days"
  touch "$data/.idle-bench-$resources-$days"
fi
if [ -n "${BENCH_IDLE_EXPLAIN:-}" ]; then # the statistics query's DuckDB profile (not timed)
  dotnet "$work/tool/idle-bench.dll" explain "$data" >"$results/idle-explain.txt" && echo "== profile: $results/idle-explain.txt"
fi

timed() { # NAME REP CMD…: runs CMD under /usr/bin/time, appends a row
  local name=$1 rep=$2 load; shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name-$rep.out" 2>"$work/$name-$rep.err" \
    || { cat "$work/$name-$rep.err" >&2; die "$name failed"; }
  read -r wall user sys rss <"$work/time"
  printf '%s\t%s\t%s\t%.2f\t%d\t%s\n' "$name" "$rep" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load" | tee -a "$out"
}

baseline="SELECT count(*) AS hours, sum(a) AS s FROM (SELECT series_id, date_trunc('hour', ts) AS h, avg(value) AS a, max(value) AS m, count(*) AS n FROM metric_samples GROUP BY ALL)"
printf 'case\trep\twall_s\tcpu_s\tpeak_rss_mib\tload1\n' | tee "$out"
echo "== $resources resources x $days days; load $(cut -d' ' -f1-3 /proc/loadavg); nproc $(nproc); $(git -C "$root" rev-parse --short HEAD)"
for rep in $(seq 1 "$reps"); do
  if [ -n "${BENCH_IDLE_COMPARE:-}" ]; then
    timed detect-compare "$rep" dotnet "$BENCH_IDLE_COMPARE/insights.dll" idle --all --recompute --format csv --data "$data"
  fi
  timed detect "$rep" "${insights[@]}" idle --all --recompute --format csv --data "$data"
  timed read "$rep" "${insights[@]}" idle --all --format csv --data "$data"
  timed duckdb-groupby "$rep" "${insights[@]}" query --data "$data" --format csv "$baseline"
  timed count-floor "$rep" "${insights[@]}" query --data "$data" --format csv "SELECT count(*) FROM metric_samples"
done
findings=$(($(wc -l <"$work/detect-1.out") - 1))
[ "$findings" = "$resources" ] || die "detect listed $findings findings for $resources resources"
cmp -s "$work/detect-1.out" "$work/read-1.out" || die "the read path listed other findings than the run it read"
if [ -n "${BENCH_IDLE_COMPARE:-}" ]; then
  cmp -s "$work/detect-compare-1.out" "$work/detect-1.out" || die "the compared build listed other findings (see $work/detect-compare-1.out)"
  echo "== the compared build listed the same findings"
fi
echo "== findings by state (rep 1):"
cut -d, -f6 "$work/detect-1.out" | tail -n +2 | sort | uniq -c
awk -F'\t' 'NR > 1 {w[$1] = w[$1] " " $3; c[$1] = c[$1] " " $4; m[$1] = m[$1] " " $5} END {for (k in w) print "== " k ": wall" w[k] "; cpu" c[k] "; peak MiB" m[k]}' "$out"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
