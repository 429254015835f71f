#!/usr/bin/env bash
# Load benchmark (issue 10): sustained remote write at twice the benchmarked rate (BENCHMARKS.md §5.1: 316,584
# samples/s → 633,168 offered) for MINUTES (default 10) with concurrent KPI API reads, against one `insights serve`
# with a fresh data directory. Records back-pressure (429/503 answers), RSS / VmHWM / open files / DuckDB size every
# 5 s from /proc/PID, API latency p50/p99, and whether nothing was lost: after the senders' retries the stored sample
# count (`insights query "SELECT count(*) FROM metric_samples"` after a clean stop) must equal the acknowledged one.
#
#   bench/load.sh [MINUTES]
# Back-pressure is checked: the server gets Insights:Ingest:RemoteWrite:MaxConcurrentRequests = BENCH_LOAD_MAX_CONCURRENT
# (4) and the senders open more connections than that (BENCH_LOAD_SHARDS, 8), so a store that falls behind must answer
# 429/503; the run FAILS when the senders ended with a backlog (the server did not keep up) and yet not one 429 or 503
# was answered (back-pressure never engaged: requests only queued, the senders' memory standing in for a limit).
# Environment: BENCH_LOAD_RATE (633168 samples/s offered), BENCH_LOAD_SHARDS (8 connections), BENCH_LOAD_MAX_CONCURRENT (4), BENCH_LOAD_SERIES
#   (1000 per shard), BENCH_LOAD_SAMPLES (100 per series per request), BENCH_LOAD_READERS (2 API readers),
#   BENCH_LOAD_LOGS (0 ECS lines/s), BENCH_LOAD_SERVICES (50), BENCH_LOAD_STEP_MS (1000 between a series' samples),
#   BENCH_LOAD_READ_PAUSE_MS (500 between one reader's requests), BENCH_LOAD_NAME (load: the output files' prefix), BENCH_LOAD_DRAIN_SECONDS (120: how long requests in flight may take
#   after the sending stops), BENCH_RESULTS (bench/results), BENCH_KEEP_DATA (keep the data dir),
#   BENCH_LOAD_MEMORY_EVERY (0: off; N: every N s, bench/memory_sample.py writes NAME-memory.tsv — RSS beside the .NET GC's
#   memory from /metrics and DuckDB's duckdb_memory() through the query API, so a growing RSS can be attributed).
# Writes BENCH_RESULTS/load-summary.tsv, load-timeline.tsv (per 10 s), load-process.tsv (per 5 s), load-kpi-metrics.txt
# (the server's insights_kpi_api_* lines at the end: how reads were answered, how long the KPI computations took).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
minutes="${1:-10}"
rate="${BENCH_LOAD_RATE:-633168}"
shards="${BENCH_LOAD_SHARDS:-8}"
max_concurrent="${BENCH_LOAD_MAX_CONCURRENT:-4}"
series="${BENCH_LOAD_SERIES:-1000}"
samples="${BENCH_LOAD_SAMPLES:-100}"
readers="${BENCH_LOAD_READERS:-2}"
logs="${BENCH_LOAD_LOGS:-0}"
services="${BENCH_LOAD_SERVICES:-50}"
step="${BENCH_LOAD_STEP_MS:-1000}"
read_pause="${BENCH_LOAD_READ_PAUSE_MS:-500}"
name="${BENCH_LOAD_NAME:-load}"
drain="${BENCH_LOAD_DRAIN_SECONDS:-120}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "$name: FAILED: $*" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-load.XXXXXX")"
server=""; sampler=""; memory=""
cleanup() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
  [ -z "$memory" ] || kill "$memory" 2>/dev/null || true
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  [ -n "${BENCH_KEEP_DATA:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$results"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
dotnet build "$bench/LoadBench/LoadBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q \
  >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "load-bench build failed"; }

seconds=$((minutes * 60))
# Every series' samples lie in the past (MaxFutureSkew) and in order: span = samples per series over the whole run.
per_series=$(awk -v r="$rate" -v s="$seconds" -v n="$((shards * series))" 'BEGIN {printf "%d", r * s / n + 1000}')
start=$(( $(date +%s) * 1000 - per_series * step - 3600000 ))
port=$((20000 + RANDOM % 20000))
ingest="load-ingest-token-0123456789"; read="load-read-token-0123456789"
data="$work/data"; mkdir -p "$data"
Insights__Server__Tokens__0__Name=load-ingest Insights__Server__Tokens__0__Token="$ingest" Insights__Server__Tokens__0__Scopes__0=ingest \
Insights__Server__Tokens__1__Name=load-read Insights__Server__Tokens__1__Token="$read" Insights__Server__Tokens__1__Scopes__0=read \
Insights__Ingest__RemoteWrite__MaxConcurrentRequests="$max_concurrent" \
  dotnet "$work/host/insights.dll" serve --data "$data" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { tail -30 "$work/server.log" >&2; die "insights serve not ready"; }

process="$results/$name-process.tsv"
printf 'elapsed_s\trss_mib\thwm_mib\topen_fds\tthreads\tduckdb_mib\twal_mib\tcpu_s\tload1\n' >"$process"
ticks=$(getconf CLK_TCK)
(
  t0=$(date +%s)
  while kill -0 "$server" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status" 2>/dev/null || echo 0)
    hwm=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status" 2>/dev/null || echo 0)
    thr=$(awk '/^Threads/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
    fds=$(ls "/proc/$server/fd" 2>/dev/null | wc -l)
    db=$(stat -c %s "$data/insights.duckdb" 2>/dev/null || echo 0)
    wal=$(stat -c %s "$data/insights.duckdb.wal" 2>/dev/null || echo 0)
    cpu=$(awk -v k="$ticks" '{printf "%.1f", ($14 + $15) / k}' "/proc/$server/stat" 2>/dev/null || echo 0)
    printf '%s\t%s\t%s\t%s\t%s\t%.0f\t%.0f\t%s\t%s\n' $(( $(date +%s) - t0 )) "$rss" "$hwm" "$fds" "$thr" \
      "$(awk -v b="$db" 'BEGIN {print b / 1048576}')" "$(awk -v b="$wal" 'BEGIN {print b / 1048576}')" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" >>"$process"
    sleep 5
  done
) &
sampler=$!
if [ "${BENCH_LOAD_MEMORY_EVERY:-0}" != 0 ]; then
  python3 "$bench/memory_sample.py" "$server" "http://127.0.0.1:$port" "$read" "$results/$name-memory.tsv" "$BENCH_LOAD_MEMORY_EVERY" &
  memory=$!
fi

[ "$shards" -gt "$max_concurrent" ] || echo "$name: note: $shards connections <= MaxConcurrentRequests $max_concurrent: a 503 can only come from the store's queue" >&2
echo "== $name: ${minutes} min, $rate samples/s offered over $shards connections (MaxConcurrentRequests $max_concurrent), $readers API readers, $logs log lines/s;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$root" rev-parse --short HEAD)"
status=0
dotnet "$work/tool/load-bench.dll" url="http://127.0.0.1:$port" token="$ingest" readToken="$read" rate="$rate" seconds="$seconds" \
  shards="$shards" series="$series" samples="$samples" services="$services" stepMs="$step" startMs="$start" readers="$readers" readPauseMs="$read_pause" \
  logsPerSecond="$logs" drainSeconds="$drain" timeline="$results/$name-timeline.tsv" summary="$work/summary.tsv" || status=$?

metrics=$(curl -fs -H "Authorization: Bearer $read" "http://127.0.0.1:$port/metrics" || true)
metric_stored=$(awk '/^insights_remote_write_samples_stored_total/ {s += $2} END {printf "%d", s}' <<<"$metrics")
metric_dropped=$(grep '^insights_remote_write_samples_dropped_total' <<<"$metrics" | tr '\n' ' ' || true)
# How the KPI reads were answered (current / computed / stale) and how long their computations took, for RELIABILITY §5.10.
grep '^insights_kpi_api' <<<"$metrics" >"$results/$name-kpi-metrics.txt" || true
sleep 6 # one more process sample after the senders stop
kill -TERM "$server"; wait "$server" || true; server=""
kill "$sampler" 2>/dev/null || true; sampler=""
[ -z "$memory" ] || { wait "$memory" || true; memory=""; }
stored=$(dotnet "$work/host/insights.dll" query --data "$data" --format csv "SELECT count(*) AS n FROM metric_samples" | tail -1)
logs_stored=$(dotnet "$work/host/insights.dll" query --data "$data" --format csv "SELECT count(*) AS n FROM log_events" | tail -1)
acked=$(awk -F'\t' '$1 == "samples_acknowledged" {print $2}' "$work/summary.tsv")
{
  cat "$work/summary.tsv"
  printf 'samples_stored\t%s\nsamples_stored_metric\t%s\nsamples_lost\t%s\nlog_events_stored\t%s\n' "$stored" "$metric_stored" $((acked - stored)) "$logs_stored"
  printf 'rss_max_mib\t%s\nrss_last_mib\t%s\nopen_fds_max\t%s\nduckdb_final_mib\t%s\n' \
    "$(awk -F'\t' 'NR > 1 && $2 > m {m = $2} END {print m}' "$process")" "$(awk -F'\t' 'NR > 1 && $2 > 0 {l = $2} END {print l}' "$process")" \
    "$(awk -F'\t' 'NR > 1 && $4 > m {m = $4} END {print m}' "$process")" "$(du -m "$data/insights.duckdb" | cut -f1)"
  printf 'dropped_metric\t%s\nload1_end\t%s\ncommit\t%s\n' "${metric_dropped:-none}" "$(cut -d' ' -f1 /proc/loadavg)" "$(git -C "$root" rev-parse --short HEAD)"
} | tee "$results/$name-summary.tsv"
backlog=$(awk -F'\t' '$1 == "backlog_requests_at_stop" {print $2}' "$work/summary.tsv")
pushed_back=$(awk -F'\t' '$1 == "responses_429" || $1 == "responses_503" {s += $2} END {print s + 0}' "$work/summary.tsv")
printf 'max_concurrent_requests\t%s\nshards\t%s\n' "$max_concurrent" "$shards" | tee -a "$results/$name-summary.tsv"
# Every acknowledged sample stored, none twice: a request still unanswered when the drain ends may be stored afterwards
# (its sender gave up; a real one retries, and the watermarks drop the repeat), so stored lies between the two.
started=$(awk -F'\t' '$1 == "requests_started" {print $2}' "$work/summary.tsv")
sent=$((started * series * samples))
[ "$stored" -ge "$acked" ] || die "lost: stored $stored samples, acknowledged $acked"
[ "$stored" -le "$sent" ] || die "double-counted: stored $stored samples, only $sent were sent"
if [ "${backlog:-0}" -gt 0 ] && [ "$pushed_back" -eq 0 ]; then
  die "no back-pressure: the senders ended $backlog requests behind (the store could not keep up) and the server answered no 429 or 503 in ${minutes} min over $shards connections with MaxConcurrentRequests $max_concurrent"
fi
[ "$status" = 0 ] || die "requests were still unanswered when the ${drain} s drain ended (nothing lost or doubled: acknowledged $acked <= stored $stored <= sent $sent); on a slow machine raise BENCH_LOAD_DRAIN_SECONDS"
echo "== $name: nothing lost ($stored samples stored = acknowledged); back-pressure: $pushed_back x 429/503, backlog at stop ${backlog:-0} requests"
