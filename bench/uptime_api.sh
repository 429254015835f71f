#!/usr/bin/env bash
# The uptime API's four bench/load.sh questions at once on a kept store (BENCHMARKS.md §38, §39):
#   bench/uptime_api.sh HOSTDIR DATA NAME [OUTDIR]
# starts `insights serve` from HOSTDIR (a build's directory holding insights.dll) on DATA (a data directory: pass a copy,
# the server writes to it) with no ingest, waits until the KPI gauges' start-up refresh is done (it is a full KPI
# computation of minutes on a large store and would otherwise be measured too), then asks /api/v1/kpi/uptime org 1d,
# team 7d, service 1d and /api/v1/incidents at once with curl. Prints each answer's time, the server's CPU seconds around
# the four, the load average and what DuckDB spilled (the size of insights.duckdb.tmp); the answers are written to
# OUTDIR/api-NAME-*.json (default /tmp), the server's log to OUTDIR/api-NAME.log. Server settings come from the environment
# (e.g. Insights__Uptime__ApiMaxConcurrentRecomputes=4).
set -u
host=$1; data=$2; name=$3; out=${4:-/tmp}; port=$((30000 + RANDOM % 20000)); read="api-read-token-0123456789"
log="$out/api-$name.log"
env Logging__LogLevel__Platform.Insights.Dashboards.Kpis=Debug \
  Insights__Server__Tokens__0__Name=r Insights__Server__Tokens__0__Token="$read" Insights__Server__Tokens__0__Scopes__0=read \
  dotnet "$host/insights.dll" serve --data "$data" --urls "http://127.0.0.1:$port" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
r0=$(date +%s); for _ in $(seq 1 600); do grep -q "KPI gauges refreshed" "$log" && break; sleep 1; done
echo "$name gauge refresh done $(( $(date +%s) - r0 )) s after ready: $(grep -o 'KPI gauges refreshed.*' "$log")"
tk=$(getconf CLK_TCK); c0=$(awk -v k=$tk '{printf "%.1f", ($14+$15)/k}' /proc/$pid/stat); l0=$(cut -d' ' -f1 /proc/loadavg)
for p in "kpi/uptime?scope=org&window=1d" "kpi/uptime?scope=team&window=7d" "kpi/uptime?scope=service&window=1d" "incidents"; do
  ( s=$(date +%s.%N); curl -s -m 900 -o "$out/api-$name-$(echo $p | tr '/?&=' '____').json" -H "Authorization: Bearer $read" "http://127.0.0.1:$port/api/v1/$p"
    e=$(date +%s.%N); echo "$name $p $(echo "$e - $s" | bc) s" ) &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
sleep 1
c1=$(awk -v k=$tk '{printf "%.1f", ($14+$15)/k}' /proc/$pid/stat)
curl -s -H "Authorization: Bearer $read" "http://127.0.0.1:$port/metrics" | grep '^insights_kpi_api_compute_seconds_sum'
echo "$name server CPU for the 4 answers: $(echo "$c1 - $c0" | bc) s (start-up and refresh before: $c0 s); load $l0 -> $(cut -d' ' -f1 /proc/loadavg); spill dir: $(du -sm "$data/insights.duckdb.tmp" 2>/dev/null | cut -f1) MiB"
