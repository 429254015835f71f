#!/usr/bin/env bash
# Remote write benchmark (issue 4): samples/s stored end-to-end by `insights serve` and by Prometheus's own
# receiver (--web.enable-remote-write-receiver), fed the same pre-encoded snappy protobuf WriteRequests in the same
# run, BENCH_RW_REPS times interleaved (fresh data dir each run). Server CPU seconds come from /proc/PID/stat.
# Writes bench/results/remote_write.tsv and prints one line per run, plus for insights where the time went per stored
# sample (from its /metrics: insights_remote_write_stage_seconds_total{stage}, insights_store_transaction_seconds_total),
# appended to bench/results/remote_write_stages.txt with the store writer's committed transactions (samples per
# transaction) and its explicit checkpoints (count, seconds).
#
# Environment: BENCH_RW_REPS (3), BENCH_RW_SHARDS (4: concurrent connections, each owning its series),
#   BENCH_RW_REQUESTS (75 per shard), BENCH_RW_SERIES (1000 per request), BENCH_RW_SAMPLES (100 per series per
#   request), BENCH_RW_SERVICES (50 `service` label values), BENCH_RW_WARM (0: warm-up requests per shard, same series and
#   shape, earlier timestamps, sent to each server after it is ready and before the measured send — so a run measures the
#   steady state rather than the JIT's warm-up; every figure then counts the measured send only), BENCH_RW_HOST (a built
#   host directory to time instead of ./insights' own build, e.g. a copy of .build/host made at an earlier commit, so a
#   before/after pair runs in the same window with the same script), BENCH_RESULTS (bench/results).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
reps="${BENCH_RW_REPS:-3}"
shards="${BENCH_RW_SHARDS:-4}"
requests="${BENCH_RW_REQUESTS:-75}"
series="${BENCH_RW_SERIES:-1000}"
samples="${BENCH_RW_SAMPLES:-100}"
services="${BENCH_RW_SERVICES:-50}"
warm="${BENCH_RW_WARM:-0}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "remote_write: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/prometheus ] || die "needs /usr/bin/prometheus (apt-get install -y --no-install-recommends prometheus)"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-rw.XXXXXX")"
server=""
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$results"
out="$results/remote_write.tsv"

echo "== build (not timed)"
if [ -n "${BENCH_RW_HOST:-}" ]; then
  [ -f "$BENCH_RW_HOST/insights.dll" ] || die "BENCH_RW_HOST=$BENCH_RW_HOST holds no insights.dll"
  cp -a "$BENCH_RW_HOST" "$work/host"
else
  "$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
  cp -a "$root/.build/host" "$work/host"
fi
dotnet build "$bench/RemoteWriteBench/RemoteWriteBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q \
  >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "rw-bench build failed"; }
tool=(dotnet "$work/tool/rw-bench.dll")

echo "== encode (not timed)"
step=250 # ms between samples; the whole span stays under Prometheus's 1 h head window
span=$((requests * samples * step))
start=$(( $(date +%s) * 1000 - span - 60000 ))
"${tool[@]}" encode "$work/payload" "$shards" "$requests" "$series" "$samples" "$start" "$step" "$services"
expected=$((shards * requests * series * samples))
warmed=$((shards * warm * series * samples))
if [ "$warm" -gt 0 ]; then
  "${tool[@]}" encode "$work/warm" "$shards" "$warm" "$series" "$samples" "$((start - warm * samples * step - 1000))" "$step" "$services"
fi
warm_up() { # URL [TOKEN]: the warm-up send, not measured
  [ "$warm" -gt 0 ] || return 0
  "${tool[@]}" send "$1" "$work/warm" ${2:+"$2"} >/dev/null || echo "warm-up send reported failures" >&2
}

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, clock ticks
ticks=$(getconf CLK_TCK)
port=$((20000 + RANDOM % 20000))
token="bench-ingest-token-0123456789"

run_insights() { # REP
  local data="$work/insights-data-$1" c0 c1 line stored metric
  mkdir -p "$data"
  # The server's background analytics (KPI gauges every 5 min, idle findings every 15 min, each a scan of every stored
  # sample) are pushed past the run: a run that lasts minutes under load would otherwise bill them to remote write.
  Insights__Server__Tokens__0__Name=bench Insights__Server__Tokens__0__Token="$token" \
    Insights__Server__Tokens__0__Scopes__0=ingest Insights__Dashboards__KpiRefresh=1.00:00:00 Insights__Idle__RefreshInterval=02:00:00 \
    dotnet "$work/host/insights.dll" serve --data "$data" --urls "http://127.0.0.1:$port" >"$work/insights-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || die "insights serve not ready (see $work/insights-$1.log)"
  warm_up "http://127.0.0.1:$port/api/v1/write" "$token"
  curl -fs "http://127.0.0.1:$port/metrics" >"$work/metrics-warm-$1.txt" || true
  c0=$(cpu "$server"); load=$(cut -d' ' -f1 /proc/loadavg)
  line=$("${tool[@]}" send "http://127.0.0.1:$port/api/v1/write" "$work/payload" "$token") || echo "send reported failures" >&2
  c1=$(cpu "$server")
  curl -fs "http://127.0.0.1:$port/metrics" >"$work/metrics-$1.txt" || true
  metric=$(awk '/^insights_remote_write_samples_stored_total/ {s += (FILENAME == ARGV[1] ? -$2 : $2)} END {printf "%d", s}' \
    "$work/metrics-warm-$1.txt" "$work/metrics-$1.txt")
  stages "$1" "$work/metrics-warm-$1.txt" "$work/metrics-$1.txt" "$metric" "$(( c1 - c0 ))"
  kill -TERM "$server"; wait "$server" || true; server=""
  stored=$(dotnet "$work/host/insights.dll" query --data "$data" --format csv "SELECT count(*) AS n FROM metric_samples" | tail -1)
  stored=$((stored - warmed))
  rm -rf "$data"
  report insights "$1" "$line" $(( c1 - c0 )) "$stored" "$metric" "$load"
}

stages() { # REP METRICS_BEFORE METRICS_AFTER SAMPLES CPU_TICKS: where the time went between the two scrapes, in µs per
  # stored sample (summed over requests, so stages of concurrent requests overlap: compare each with the server's CPU µs
  # per sample, not with the wall time)
  awk -v rep="$1" -v n="$4" -v cpu="$5" -v k="$ticks" '
    { sign = (FILENAME == ARGV[1] ? -1 : 1) }
    /^insights_remote_write_stage_seconds_total\{/ { match($0, /stage="[a-z]+"/); st = substr($0, RSTART + 7, RLENGTH - 8); t[st] += sign * $2 }
    /^insights_store_transaction_seconds_total / { tx += sign * $2 }
    /^insights_store_transactions_total\{outcome="committed"\}/ { txn += sign * $2 }
    /^insights_store_checkpoints_total / { cp += sign * $2 }
    /^insights_store_checkpoint_seconds_total / { cps += sign * $2 }
    /^insights_store_lingers_total / { lg += sign * $2 }
    END { if (n <= 0) exit; printf "   stages rep %s (µs per sample): server CPU %.2f |", rep, cpu / k / n * 1e6
          split("read snappy protobuf split store", order, " ")
          for (i = 1; i <= 5; i++) printf " %s %.3f", order[i], t[order[i]] / n * 1e6
          printf " | store writer transactions %.3f (%d, %.0f samples each, %d lingered; %d checkpoints, %.2f s)\n", tx / n * 1e6, txn, (txn > 0 ? n / txn : 0), lg, cp, cps }' "$2" "$3" | tee -a "$results/remote_write_stages.txt"
}

run_prometheus() { # REP
  local data="$work/prom-data-$1" c0 c1 line stored stored0
  mkdir -p "$data"; printf 'global: {}\n' >"$work/prometheus.yml"
  /usr/bin/prometheus --config.file="$work/prometheus.yml" --web.enable-remote-write-receiver \
    --storage.tsdb.path="$data" --web.listen-address="127.0.0.1:$port" >"$work/prom-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  warm_up "http://127.0.0.1:$port/api/v1/write"
  stored0=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^prometheus_tsdb_head_samples_appended_total/ {s += $2} END {printf "%d", s}')
  c0=$(cpu "$server"); load=$(cut -d' ' -f1 /proc/loadavg)
  line=$("${tool[@]}" send "http://127.0.0.1:$port/api/v1/write" "$work/payload") || echo "send reported failures" >&2
  c1=$(cpu "$server")
  stored=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^prometheus_tsdb_head_samples_appended_total/ {s += $2} END {printf "%d", s}')
  stored=$((stored - stored0))
  kill -TERM "$server"; wait "$server" || true; server=""
  rm -rf "$data"
  report prometheus "$1" "$line" $(( c1 - c0 )) "$stored" "$stored" "$load"
}

report() { # TARGET REP SENDLINE CPU_TICKS STORED METRIC LOAD
  local cpu_s rate per_core
  read -r wall reqs ok retries failed sent ok_samples rate <<<"$3"
  cpu_s=$(awk -v t="$4" -v k="$ticks" 'BEGIN {printf "%.2f", t / k}')
  per_core=$(awk -v s="$ok_samples" -v c="$cpu_s" 'BEGIN {printf "%.0f", (c > 0 ? s / c : 0)}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$wall" "$reqs" "$ok" "$retries" "$failed" \
    "$ok_samples" "$rate" "$cpu_s" "$per_core" "$5" "$7" | tee -a "$out"
  [ "$5" = "$expected" ] || echo "remote_write: WARNING: $1 rep $2 stored $5 of $expected samples (metric $6)" >&2
}

echo "== $((shards * requests)) requests, $shards connections, $expected samples (after $((shards * warm)) warm-up requests); load $(cut -d' ' -f1-3 /proc/loadavg); ${BENCH_RW_HOST:-$(git -C "$root" rev-parse --short HEAD)}"
printf 'target\trep\twall_s\trequests\tok\tretries\tfailed\tsamples_2xx\tsamples_per_s\tserver_cpu_s\tsamples_per_cpu_s\tstored_check\tload1\n' | tee "$out"
for rep in $(seq 1 "$reps"); do
  run_insights "$rep"
  run_prometheus "$rep"
done
awk -F'\t' 'NR > 1 {r[$1] = r[$1] " " $9; c[$1] = c[$1] " " $11}
  END {for (t in r) print "== " t ": samples/s" r[t] "; samples per server CPU s" c[t]}' "$out"
