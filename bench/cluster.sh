#!/usr/bin/env bash
# Cluster ingest benchmark (issue 9): remote-write samples/s stored by an Orleans cluster of N `insights serve
# --cluster` silos on a throw-away PostgreSQL 15, for each N in BENCH_CLUSTER_SILOS, BENCH_CLUSTER_REPS times
# interleaved (fresh database, data directories and lake each run). Cluster mode stores into a Parquet lake shared by the
# silos (Insights:Lake:Root, one directory per run here); the stored-sample check counts the lake's samples afterwards
# through `insights query` in cluster mode (its metric_samples view reads the lake's Parquet files), not the silos' own
# DuckDB files, which stay empty in lake mode. The same pre-encoded snappy WriteRequests (rw-bench) are
# split by shard over the silos' HTTP endpoints, so with N > 1 most grain calls cross silos (random placement). The
# 1-silo cluster of the same run is the baseline; silo CPU seconds (sum over silos, /proc/PID/stat) give per-core
# figures, which is what compares on a machine with fewer cores than silos.
# Grain-call overhead: a request is split by service, one grain call per service in it, so each run makes
# requests x min(series, services) batch calls; silo CPU microseconds per call, against the 1-silo run, is what a batch
# call costs when it crosses silos.
# Writes bench/results/cluster.tsv and prints one line per run.
#
# Usage: bench/cluster.sh [SILOS...]   e.g. `bench/cluster.sh 1 2 4` for a scaling curve (default 1 2); the first count
#   is the baseline the ratios are against.
# Environment: BENCH_CLUSTER_SILOS ("1 2", when no SILOS are given), BENCH_CLUSTER_REPS (2), BENCH_RW_SHARDS (4), BENCH_RW_REQUESTS (40 per
#   shard), BENCH_RW_SERIES (1000 per request), BENCH_RW_SAMPLES (100 per series per request), BENCH_RW_SERVICES (50),
#   BENCH_RESULTS (bench/results). Needs PostgreSQL 15 (/usr/lib/postgresql/15/bin); as root it runs as `postgres`.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
if [ $# -gt 0 ]; then silo_counts=("$@"); else read -r -a silo_counts <<<"${BENCH_CLUSTER_SILOS:-1 2}"; fi
for n in "${silo_counts[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "cluster: silo counts are positive integers (got '$n')" >&2; exit 2; }; done
reps="${BENCH_CLUSTER_REPS:-2}"
shards="${BENCH_RW_SHARDS:-4}"
requests="${BENCH_RW_REQUESTS:-40}"
series="${BENCH_RW_SERIES:-1000}"
samples="${BENCH_RW_SAMPLES:-100}"
services="${BENCH_RW_SERVICES:-50}"
results="${BENCH_RESULTS:-$bench/results}"
pgbin=/usr/lib/postgresql/15/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "cluster: FAILED: $*" >&2; exit 1; }
[ -x "$pgbin/initdb" ] || die "needs PostgreSQL 15 (apt-get install -y postgresql-15)"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-cluster.XXXXXX")"
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  [ ! -d "$work/pg/data" ] || as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$results"
out="$results/cluster.tsv"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
dotnet build "$bench/RemoteWriteBench/RemoteWriteBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q \
  >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "rw-bench build failed"; }
tool=(dotnet "$work/tool/rw-bench.dll")
insights=(dotnet "$work/host/insights.dll")

echo "== PostgreSQL and payload (not timed)"
pgport=$((20000 + RANDOM % 20000))
# mktemp -d is private (0700); the postgres user must reach its data directory inside it.
chmod 755 "$work"; mkdir -p "$work/pg"; [ "$(id -u)" != 0 ] || chown postgres:postgres "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
step=250
span=$((requests * samples * step))
start=$(( $(date +%s) * 1000 - span - 60000 ))
"${tool[@]}" encode "$work/payload" "$shards" "$requests" "$series" "$samples" "$start" "$step" "$services"
expected=$((shards * requests * series * samples))
calls=$((shards * requests * (series < services ? series : services))) # grain calls: one per service per request

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, clock ticks
ticks=$(getconf CLK_TCK)
token="bench-ingest-token-0123456789"

run_cluster() { # SILOS REP
  local n=$1 rep=$2 db="bench_${1}_${2}" conn i port c0=0 c1=0 t0 t1 stored=0 load lake="$work/lake-$1-$2"
  local -a ports=() senders=()
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE $db" >/dev/null
  conn="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$db"
  "${insights[@]}" db init --connection "$conn" >/dev/null 2>&1 || die "db init failed"
  pids=()
  for i in $(seq 1 "$n"); do
    port=$((20000 + RANDOM % 20000)); ports+=("$port"); mkdir -p "$work/data-$n-$rep-$i"
    Insights__Cluster__ConnectionString="$conn" Insights__Cluster__ClusterId="$db" Insights__Cluster__AdvertisedAddress=127.0.0.1 \
      Insights__Lake__Root="$lake" Insights__Reports__ScheduleEnabled=false \
      Insights__Server__Tokens__0__Name=bench Insights__Server__Tokens__0__Token="$token" Insights__Server__Tokens__0__Scopes__0=admin \
      "${insights[@]}" serve --cluster --data "$work/data-$n-$rep-$i" --urls "http://127.0.0.1:$port" >"$work/silo-$n-$rep-$i.log" 2>&1 &
    pids+=($!)
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || die "silo on $port not ready (see $work/silo-*.log)"
  done
  # Wait until every silo sees all N active (the membership table, as Orleans does).
  for _ in $(seq 1 150); do
    [ "$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:${ports[0]}/api/v1/cluster" | grep -o '"status":"Active"' | wc -l)" = "$n" ] && break
    sleep 0.2
  done
  # Shard s goes to silo s mod N.
  for i in $(seq 0 $((n - 1))); do
    mkdir -p "$work/split-$i"; rm -f "$work/split-$i"/*; cp "$work/payload/samples-per-request" "$work/split-$i/"
    for s in $(seq 0 $((shards - 1))); do
      [ $((s % n)) != "$i" ] || for f in "$work/payload/$(printf '%03d' "$s")"-*.bin; do ln -sf "$f" "$work/split-$i/"; done
    done
  done
  for p in "${pids[@]}"; do c0=$((c0 + $(cpu "$p"))); done
  load=$(cut -d' ' -f1 /proc/loadavg); t0=$(date +%s%N)
  for i in $(seq 0 $((n - 1))); do
    "${tool[@]}" send "http://127.0.0.1:${ports[$i]}/api/v1/write" "$work/split-$i" "$token" >"$work/send-$i.out" &
    senders+=($!)
  done
  for s in "${senders[@]}"; do wait "$s" || echo "send reported failures" >&2; done
  t1=$(date +%s%N)
  for p in "${pids[@]}"; do c1=$((c1 + $(cpu "$p"))); done
  for p in "${pids[@]}"; do kill -TERM "$p"; done
  for p in "${pids[@]}"; do wait "$p" || true; done
  pids=()
  # The lake's files, read in cluster mode (the same views KPI queries use), hold what the silos stored.
  stored=$(Insights__Mode=Cluster Insights__Cluster__ConnectionString="$conn" Insights__Lake__Root="$lake" \
    "${insights[@]}" query --data "$work/data-$n-$rep-1" --format csv "SELECT count(*) AS n FROM metric_samples" | tail -1)
  [[ "$stored" =~ ^[0-9]+$ ]] || stored=0
  for i in $(seq 1 "$n"); do rm -rf "$work/data-$n-$rep-$i"; done
  rm -rf "$lake"
  awk -v n="$n" -v rep="$rep" -v ns=$((t1 - t0)) -v s="$expected" -v c=$((c1 - c0)) -v k="$ticks" -v st="$stored" -v load="$load" \
    -v calls="$calls" -v cores="$(nproc)" \
    'BEGIN { wall = ns / 1e9; cpu = c / k; used = (n < cores ? n : cores);
      printf "%d\t%d\t%.2f\t%d\t%.0f\t%.0f\t%.2f\t%.0f\t%d\t%.0f\t%d\t%s\n", n, rep, wall, s, s / wall, s / wall / used, cpu,
        (cpu > 0 ? s / cpu : 0), calls, cpu * 1e6 / calls, st, load }' \
    | tee -a "$out"
  [ "$stored" = "$expected" ] || echo "cluster: WARNING: $n silos rep $rep stored $stored of $expected samples" >&2
}

echo "== $((shards * requests)) requests, $expected samples, $services services; silos: ${silo_counts[*]}; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$root" rev-parse --short HEAD)"
printf 'silos\trep\twall_s\tsamples\tsamples_per_s\tsamples_per_s_per_core\tsilo_cpu_s\tsamples_per_cpu_s\tgrain_calls\tcpu_us_per_grain_call\tstored_check\tload1\n' | tee "$out"
for rep in $(seq 1 "$reps"); do
  for n in "${silo_counts[@]}"; do run_cluster "$n" "$rep"; done
done
# Medians over the reps per silo count, and the ratio against the first count given (the baseline of this run).
awk -F'\t' -v base="${silo_counts[0]}" 'NR > 1 { k = $1; r[k] = r[k] " " $5; pc[k] = pc[k] " " $6; c[k] = c[k] " " $8; us[k] = us[k] " " $10 }
  function median(list,   a, m, i, j, t) { m = split(list, a, " ");
    for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END { b = median(r[base]); bu = median(us[base]);
    for (k in r) printf "== %s silo(s): %.0f samples/s (x%.2f of %s), %.0f per core, %.0f per silo CPU s, %.1f CPU us per grain call (%+.1f vs %s silo(s)); runs:%s\n",
      k, median(r[k]), median(r[k]) / b, base, median(pc[k]), median(c[k]), median(us[k]), median(us[k]) - bu, base, r[k] }' "$out"
