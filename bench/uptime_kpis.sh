#!/usr/bin/env bash
# Uptime KPIs at scale (issue 4): one probe_success series per service, one sample a minute for 30 days, imported
# with `insights import metrics` into a fresh store, then BENCH_KPI_REPS interleaved runs of
#   insights kpi --scope service --window 30d --format json
#   insights query "SELECT service, avg(value) … GROUP BY 1"   (one hand-written DuckDB query over the same table)
#   insights query "SELECT count(*) FROM metric_samples"        (the process start-up floor)
# each a whole process timed by /usr/bin/time. Writes bench/results/uptime_kpis.tsv.
# Environment: BENCH_KPI_SERVICES (200; the issue asks for 1000), BENCH_KPI_DAYS (30), BENCH_KPI_REPS (3), BENCH_RESULTS.
# BENCH_KPI_BEFORE_HOST: a directory with another build's insights.dll (e.g. an earlier commit's .build/host): its
# `kpi` runs as the case kpi-before, interleaved with the others on the same store, and its JSON must equal this build's.
# BENCH_KPI_KEEP_DATA=DIR: copy the imported data directory to DIR (for EXPLAIN ANALYZE afterwards).
# BENCH_KPI_SHAPE (minute): probe | mixed | requests instead measure bench/load.sh's dense shape (BENCHMARKS.md §38):
# `rw-bench dense` writes BENCH_KPI_SERIES (40) series per service, one sample every BENCH_KPI_STEP (1) s for
# BENCH_KPI_SECONDS (4320), time-major; probe is load.sh's flapping probe_success, mixed adds request counters to every
# service (the odd ones counters only), requests has counters only. `kpi` then runs with --window 1d (the API's org /
# service question), and the hand-written query is per service avg(probe_success) and, for counters, the 5xx share of
# max − min per series (no reset handling: one scan and one group-by, the floor of what any answer must read).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
services="${BENCH_KPI_SERVICES:-200}"
days="${BENCH_KPI_DAYS:-30}"
shape="${BENCH_KPI_SHAPE:-minute}"
per_service="${BENCH_KPI_SERIES:-40}"
seconds="${BENCH_KPI_SECONDS:-4320}"
step="${BENCH_KPI_STEP:-1}"
reps="${BENCH_KPI_REPS:-3}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "uptime_kpis: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-kpi.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"
out="$results/uptime_kpis.tsv"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
dotnet build "$bench/RemoteWriteBench/RemoteWriteBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q \
  >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "rw-bench build failed"; }
insights=(dotnet "$work/host/insights.dll")
before="${BENCH_KPI_BEFORE_HOST:-}"
[ -z "$before" ] || [ -f "$before/insights.dll" ] || die "BENCH_KPI_BEFORE_HOST=$before holds no insights.dll"
data="$work/data"

echo "== generate (not timed)"
end=$(( $(date +%s) / 60 * 60 ))
window="${days}d"
if [ "$shape" = minute ]; then
  dotnet "$work/tool/rw-bench.dll" uptime "$work/probe.om" "$services" "$days" "$end"
  expected=$((services * days * 1440))
else
  dotnet "$work/tool/rw-bench.dll" dense "$work/probe.om" "$shape" "$services" "$per_service" "$seconds" "$step" "$end"
  # probe / requests: SERIES series per service; mixed: SERIES counters on every service and SERIES probes on the even ones.
  case "$shape" in
    probe|requests) series_count=$((services * per_service));;
    mixed) series_count=$((services * per_service + (services + 1) / 2 * per_service));;
    *) die "BENCH_KPI_SHAPE must be minute, probe, mixed or requests";;
  esac
  expected=$((series_count * (seconds / step)))
  window=1d
  days=1
fi
echo "$expected samples, $(du -m "$work/probe.om" | cut -f1) MiB"

timed() { # NAME REP CMD…: runs CMD under /usr/bin/time, appends a row
  local name=$1 rep=$2 load; shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name-$rep.out" 2>"$work/$name-$rep.err" \
    || { cat "$work/$name-$rep.err" >&2; die "$name failed"; }
  read -r wall user sys rss <"$work/time"
  printf '%s\t%s\t%s\t%.2f\t%d\t%s\n' "$name" "$rep" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load" | tee -a "$out"
}

printf 'case\trep\twall_s\tcpu_s\tpeak_rss_mib\tload1\n' | tee "$out"
echo "== import ($services services, shape $shape); load $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$root" rev-parse --short HEAD)"
timed import 1 "${insights[@]}" import metrics --data "$data" "$work/probe.om"
tail -3 "$work/import-1.out"
stored=$("${insights[@]}" query --data "$data" --format csv "SELECT count(*) AS n FROM metric_samples" | tail -1)
[ "$stored" = "$expected" ] || die "stored $stored of $expected samples"
[ -z "${BENCH_KPI_KEEP_DATA:-}" ] || { rm -rf "$BENCH_KPI_KEEP_DATA"; cp -a "$data" "$BENCH_KPI_KEEP_DATA"; }

since="$(date -u -d "@$((end - days * 86400))" '+%F %T')"
sql="SELECT service, avg(value) AS availability, count(*) AS samples FROM metric_samples WHERE metric = 'probe_success' AND ts >= TIMESTAMP '$since' GROUP BY 1 ORDER BY 1"
if [ "$shape" = mixed ] || [ "$shape" = requests ]; then
  sql="WITH s AS (SELECT series_id, avg(value) AS up, max(value) - min(value) AS inc, count(*) AS n
      FROM metric_points WHERE ts >= TIMESTAMP '$since' GROUP BY 1)
    SELECT m.service, avg(s.up) FILTER (WHERE m.metric = 'probe_success') AS availability,
      1 - sum(s.inc) FILTER (WHERE m.metric = 'http_requests_total' AND json_extract_string(m.labels, '\$.code') LIKE '5%')
        / sum(s.inc) FILTER (WHERE m.metric = 'http_requests_total') AS request_availability, sum(s.n) AS samples
    FROM s JOIN metric_series m USING (series_id) GROUP BY 1 ORDER BY 1"
fi
for rep in $(seq 1 "$reps"); do
  timed kpi "$rep" "${insights[@]}" kpi --data "$data" --scope service --window "$window" --format json
  [ -z "$before" ] || timed kpi-before "$rep" dotnet "$before/insights.dll" kpi --data "$data" --scope service --window "$window" --format json
  timed duckdb-query "$rep" "${insights[@]}" query --data "$data" --format csv --max-rows 1000000 "$sql"
  timed count-floor "$rep" "${insights[@]}" query --data "$data" --format csv "SELECT count(*) FROM metric_samples"
done
kpi_services=$(grep -o '"svc-[0-9]*"' "$work/kpi-1.out" | sort -u | wc -l)
query_rows=$(grep -c '^svc-' "$work/duckdb-query-1.out" || true)
echo "== kpi json names $kpi_services services; the query returned $query_rows rows (expected $services)"
if [ -n "$before" ]; then
  cmp -s "$work/kpi-1.out" "$work/kpi-before-1.out" || { diff "$work/kpi-1.out" "$work/kpi-before-1.out" | head -20 >&2; die "kpi JSON differs from BENCH_KPI_BEFORE_HOST's"; }
  echo "== kpi JSON identical to BENCH_KPI_BEFORE_HOST's ($(md5sum <"$work/kpi-1.out" | cut -c1-12))"
fi
head -c 600 "$work/kpi-1.out"; echo
head -3 "$work/duckdb-query-1.out"
awk -F'\t' 'NR > 1 && $1 != "import" {w[$1] = w[$1] " " $3; c[$1] = c[$1] " " $4} END {for (k in w) print "== " k ": wall" w[k] "; cpu" c[k]}' "$out"
