#!/usr/bin/env bash
# The benchmarks: cold `insights demo`, and each base import (metrics, logs, billing) of a 1M-line file against
# DuckDB's own reader of the same file, plus the same imports of a 250k-line file to show peak memory does
# not grow with file size. Builds what it needs, repeats every measurement BENCH_REPS times (interleaved, so
# changing load on a shared machine hits every benchmark alike), prints the figures and writes
# bench/results/latest.md (medians, ratios) and bench/results/raw.tsv (every run).
#
# Environment: BENCH_REPS (3), BENCH_LINES (1000000), BENCH_SMALL_LINES (250000),
#              BENCH_KINDS ("metrics logs billing"; set but empty runs none), BENCH_DEMO (1; 0 skips the demo benchmark),
#              BENCH_RESULTS (bench/results: where latest.md, raw.tsv and logs/ go).
# Gzip reader (issue 5): BENCH_GZIP=1 also writes the BENCH_LINES logs file through `gzip -6` (one member) and as
#   BENCH_GZIP_MEMBERS (1000) members (split, each gzipped, concatenated), and decompresses each BENCH_REPS times
#   with the product's GzipMemberStream and .NET's GZipStream (baseline), interleaved: MB/s and the throughput
#   ratio, in $BENCH_RESULTS/gunzip.txt. Only that: BENCH_GZIP=1 BENCH_KINDS= BENCH_DEMO=0 bench/run.sh
#
# Billing at scale (issue 3; off by default, it takes about an hour): BENCH_BILLING_SCALE=1 adds, after the above,
#   focus    `insights import billing` of a BENCH_SCALE_FOCUS_ROWS (5000000) FOCUS CSV vs DuckDB read_csv, and of a
#            BENCH_SCALE_FOCUS_SMALL (1000000) one (memory against file size);
#   parquet  the same for the AWS CUR Parquet sample repeated to BENCH_SCALE_PARQUET_ROWS (10000000) rows, vs DuckDB
#            read_parquet, and BENCH_SCALE_PARQUET_SMALL (1000000) rows;
#   cost     a BENCH_SCALE_COST_ROWS (10000000) FOCUS CSV spanning 12 billing months, imported into one store as one
#            delivery (`insights import billing` run) per billing month, then BENCH_SCALE_COST_REPS (5) interleaved runs of `insights cost --by team`,
#            `cost --by service --from/--to` one month (BENCH_SCALE_COST_MONTH, 2025-01), `budget`, `forecast`,
#            `anomalies` (those the build has) and `query "SELECT count(*) …"` (the process start-up floor).
#   BENCH_SCALE_PARTS ("focus parquet cost") picks parts; BENCH_SCALE_REPS (2) repeats the import cases (interleaved).
#   Only the scale section: BENCH_BILLING_SCALE=1 BENCH_KINDS= BENCH_DEMO=0 bench/run.sh
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
reps="${BENCH_REPS:-3}"
big="${BENCH_LINES:-1000000}"
small="${BENCH_SMALL_LINES:-250000}"
read -r -a kinds <<<"${BENCH_KINDS-metrics logs billing}"
run_demo="${BENCH_DEMO:-1}"
scale="${BENCH_BILLING_SCALE:-0}"
gzip_bench="${BENCH_GZIP:-0}"
gzip_members="${BENCH_GZIP_MEMBERS:-1000}"
read -r -a scale_parts <<<"${BENCH_SCALE_PARTS:-focus parquet cost}"
scale_reps="${BENCH_SCALE_REPS:-2}"
focus_big="${BENCH_SCALE_FOCUS_ROWS:-5000000}"
focus_small="${BENCH_SCALE_FOCUS_SMALL:-1000000}"
parquet_big="${BENCH_SCALE_PARQUET_ROWS:-10000000}"
parquet_small="${BENCH_SCALE_PARQUET_SMALL:-1000000}"
cost_rows="${BENCH_SCALE_COST_ROWS:-10000000}"
cost_reps="${BENCH_SCALE_COST_REPS:-5}"
cost_month="${BENCH_SCALE_COST_MONTH:-2025-01}"
[ "$scale" = 1 ] || scale_parts=()
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$root" # every run happens in the repository, as a user runs ./insights (data and inputs go to a temp dir)

die() { echo "bench: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
results="${BENCH_RESULTS:-$bench/results}"
mkdir -p "$results"
raw="$results/raw.tsv"
logs="$results/logs"
rm -rf "$logs"
mkdir -p "$logs"
started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== build (not timed)"
# ./insights builds the host into .build/host when a source changed; the timed runs use a snapshot of that
# build, so a rebuild started by someone else during the run cannot change the binary under measurement.
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
code="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') with $(git -C "$root" status --porcelain -- . ':!bench' 2>/dev/null | wc -l) uncommitted changes outside bench/ (at the build, $(date -u '+%H:%M UTC'))"
if ! dotnet build "$bench/Platform.Insights.Bench/Platform.Insights.Bench.csproj" -c Release -o "$work/tool" \
    -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  die "bench tool build failed"
fi
insights=(dotnet "$work/host/insights.dll")
tool=(dotnet "$work/tool/insights-bench.dll")

echo "== generate inputs (not timed)"
declare -A input
generate() { # KIND N: writes $work/input/KIND-N.EXT once
  local kind=$1 n=$2 ext
  case $kind in billing | billing-12m) ext=csv ;; cur-parquet) ext=parquet ;; *) ext=$kind ;; esac
  [ -z "${input[$kind-$n]:-}" ] || return 0
  input[$kind-$n]="$work/input/$kind-$n.$ext"
  "${tool[@]}" generate "$kind" "$n" "${input[$kind-$n]}" || die "generate $kind $n"
}
for kind in "${kinds[@]}"; do
  for n in "$big" "$small"; do
    generate "$kind" "$n"
  done
done
for part in "${scale_parts[@]}"; do
  case $part in
    focus) generate billing "$focus_big"; generate billing "$focus_small" ;;
    parquet) generate cur-parquet "$parquet_big"; generate cur-parquet "$parquet_small" ;;
    cost) generate billing-12m "$cost_rows" ;;
    *) die "unknown BENCH_SCALE_PARTS entry '$part' (focus, parquet, cost)" ;;
  esac
done

if [ "$gzip_bench" = 1 ]; then
  echo "== gzip reader: GzipMemberStream against GZipStream"
  generate logs "$big"
  gz="$work/input/logs-$big.ndjson.gz"
  gzip -6 -c "${input[logs-$big]}" >"$gz"
  mkdir -p "$work/members"
  split -n "l/$gzip_members" "${input[logs-$big]}" "$work/members/part-"
  gzip -6 "$work/members"/part-*
  cat "$work/members"/part-*.gz >"$work/input/logs-$big-members.ndjson.gz"
  rm -rf "$work/members"
  {
    echo "# one member"; "${tool[@]}" gunzip "$gz" "$reps" || die "gunzip bench (one member)"
    echo "# $gzip_members members"; "${tool[@]}" gunzip "$work/input/logs-$big-members.ndjson.gz" "$reps" || die "gunzip bench (members)"
    echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$results/gunzip.txt"
  rm -f "$gz" "$work/input/logs-$big-members.ndjson.gz"
fi

printf 'bench\tkind\tn\trep\twall_s\tuser_s\tsys_s\tmaxrss_kb\tinner_s\trows\tload1\n' >"$raw"

# timed NAME COMMAND…: runs COMMAND under /usr/bin/time -v; output in $logs/NAME.{out,err,time}; returns its exit code.
timed() {
  local name=$1
  shift
  load1=$(cut -d' ' -f1 /proc/loadavg)
  local rc=0
  /usr/bin/time -v -o "$logs/$name.time" "$@" >"$logs/$name.out" 2>"$logs/$name.err" || rc=$?
  return $rc
}
tv() { grep -F "$1" "$logs/$2.time" | sed 's/.*: //'; }
# record BENCH KIND N REP NAME INNER_S ROWS: one raw row from NAME's /usr/bin/time output.
record() {
  local name=$5 wall
  wall=$(tv 'Elapsed (wall clock) time' "$name" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$wall" \
    "$(tv 'User time (seconds)' "$name")" "$(tv 'System time (seconds)' "$name")" \
    "$(tv 'Maximum resident set size (kbytes)' "$name")" "$6" "$7" "$load1" >>"$raw"
  printf '   %-28s wall %7.2f s  cpu %7.2f s  peak RSS %6d MiB  inner %7.2f s  rows %s  (load %s)\n' "$name" "$wall" \
    "$(awk "BEGIN { print $(tv 'User time (seconds)' "$name") + $(tv 'System time (seconds)' "$name") }")" \
    "$(( $(tv 'Maximum resident set size (kbytes)' "$name") / 1024 ))" "$6" "$7" "$load1"
}

import_run() { # KIND N REP [BENCH DATA]: BENCH (insights) is the raw row's name; DATA (a fresh dir, removed after) is kept if given
  local kind=$1 n=$2 rep=$3 name="${4:-insights}-$1-$2-r$3" file="${input[$1-$2]}" data="${5:-$work/data-$1-$2-$3}" line stored seconds command
  case $kind in billing-12m | cur-parquet) command=billing ;; *) command=$kind ;; esac
  timed "$name" "${insights[@]}" import "$command" --data "$data" --format csv "$file" \
    || die "insights import $command ($kind, $n lines) exited $?; see $logs/$name.err"
  line=$(grep -F "$file," "$logs/$name.out" | tail -n 1) || die "no closing line for $file in $logs/$name.out"
  IFS=, read -r _ _ _ _ stored _ _ seconds _ <<<"$line"
  [ "$stored" = "$n" ] || die "insights import $kind stored $stored of $n lines: $line"
  record "${4:-insights}" "$kind" "$n" "$rep" "$name" "$seconds" "$stored"
  [ -n "${5:-}" ] || rm -rf "$data"
}

baseline_run() { # KIND N REP
  local kind=$1 n=$2 rep=$3 name="duckdb-$1-$2-r$3" line rows seconds
  timed "$name" "${tool[@]}" duckdb-baseline "$kind" "${input[$1-$2]}" || die "duckdb-baseline $kind exited $?; see $logs/$name.err"
  line=$(grep '^duckdb-baseline ' "$logs/$name.out") || die "no result line in $logs/$name.out"
  rows=$(sed -E 's/.* rows=([0-9]+).*/\1/' <<<"$line")
  seconds=$(sed -E 's/.* seconds=([0-9.]+).*/\1/' <<<"$line")
  duckdb_version=$(sed -E 's/.* version=([^ ]+).*/\1/' <<<"$line")
  [ "$rows" = "$n" ] || die "DuckDB loaded $rows of $n rows from $kind: $line"
  record duckdb "$kind" "$n" "$rep" "$name" "$seconds" "$rows"
}

demo_run() { # REP — cold: a fresh process, data and input directory, in the repository as a user runs it
  local rep=$1 name="demo-r$1" stored
  timed "$name" "${insights[@]}" demo --data "$work/demo-$rep/data" --out "$work/demo-$rep/input" \
    || die "insights demo exited $?; see $logs/$name.err"
  # Every kind's line must say stored == read, with nothing dropped or rejected.
  grep -E '^(metrics|logs|billing): ' "$logs/$name.out" >"$work/demo-lines" || die "no import lines in $logs/$name.out"
  [ "$(wc -l <"$work/demo-lines")" = 3 ] || die "expected a metrics, logs and billing line in $logs/$name.out"
  if grep -vE 'read ([0-9,]+), stored \1, duplicates dropped 0, rejected 0' "$work/demo-lines"; then
    die "demo stored fewer rows than it read (above)"
  fi
  stored=$(sed -E 's/.*stored ([0-9,]+),.*/\1/; s/,//g' "$work/demo-lines" | awk '{ n += $1 } END { print n }')
  record demo demo 0 "$rep" "$name" 0 "$stored"
  rm -rf "$work/demo-$rep"
}

[ "$run_demo" = 1 ] || [ "${#kinds[@]}" -gt 0 ] || reps=0 # only the billing-at-scale section
for rep in $(seq 1 "$reps"); do
  echo "== repetition $rep of $reps"
  if [ "$run_demo" = 1 ]; then
    demo_run "$rep"
  fi
  for kind in "${kinds[@]}"; do
    import_run "$kind" "$big" "$rep"
    baseline_run "$kind" "$big" "$rep"
    import_run "$kind" "$small" "$rep"
  done
done

query_run() { # NAME REP ARGS…: one insights verb on the cost store; the raw row's kind is NAME, its n the store's rows
  local query=$1 rep=$2 name="query-$1-r$2"
  shift 2
  timed "$name" "${insights[@]}" "$@" --data "$work/cost-store" || die "insights $* exited $?; see $logs/$name.err"
  [ -s "$logs/$name.out" ] || die "insights $* printed nothing; see $logs/$name.err"
  record query "$query" "$cost_rows" "$rep" "$name" 0 "$(wc -l <"$logs/$name.out")"
}

scale_started=$(date +%s)
for rep in $(seq 1 "$scale_reps"); do
  for part in "${scale_parts[@]}"; do
    case $part in
      focus)
        echo "== billing at scale, repetition $rep of $scale_reps: FOCUS CSV"
        import_run billing "$focus_big" "$rep"
        baseline_run billing "$focus_big" "$rep"
        import_run billing "$focus_small" "$rep"
        ;;
      parquet)
        echo "== billing at scale, repetition $rep of $scale_reps: AWS CUR Parquet"
        import_run cur-parquet "$parquet_big" "$rep"
        baseline_run cur-parquet "$parquet_big" "$rep"
        import_run cur-parquet "$parquet_small" "$rep"
        ;;
    esac
  done
done
if [[ " ${scale_parts[*]} " == *" cost "* ]]; then
  echo "== billing at scale: cost store ($cost_rows rows over 12 billing months, loaded once, one delivery per billing month)"
  # One `insights import billing` per billing period, as a provider delivers them (each replaces only its own
  # period, so the store ends with every row). One 10M-row run is not used: on a loaded machine it runs past
  # 15 minutes and fails at the end ("Import … is not running in this activation"; see BENCHMARKS.md).
  # BillingPeriodStart is the 7th field and the first 7 fields hold no quoted comma, so awk can split on it.
  file="${input[billing-12m-$cost_rows]}"
  mkdir -p "$work/months"
  awk -F, -v dir="$work/months" 'NR == 1 { header = $0; next }
    { p = substr($7, 2, 7); f = dir "/focus-" p ".csv"; if (!(f in seen)) { seen[f] = 1; print header > f } print > f }' "$file"
  rm -f "$file" # free the disk
  stored_total=0
  month=0
  for part_file in "$work/months"/focus-*.csv; do
    month=$((month + 1))
    part_rows=$(( $(wc -l <"$part_file") - 1 ))
    input[billing-12m-$part_rows]="$part_file"
    import_run billing-12m "$part_rows" "$month" store "$work/cost-store"
    stored_total=$((stored_total + part_rows))
    rm -f "$part_file"
  done
  [ "$stored_total" = "$cost_rows" ] || die "the cost store took $stored_total of $cost_rows rows"
  next=$(date -u -d "$cost_month-01 + 1 month" +%Y-%m-%d)
  verbs=$("${insights[@]}" --help)
  for rep in $(seq 1 "$cost_reps"); do
    echo "== cost queries, repetition $rep of $cost_reps"
    query_run count "$rep" query "SELECT count(*) FROM focus_line_items"
    grep -q "$cost_rows" "$logs/query-count-r$rep.out" || die "the cost store does not hold $cost_rows rows: $(cat "$logs/query-count-r$rep.out")"
    query_run cost-by-team "$rep" cost --by team
    query_run cost-by-service-1-month "$rep" cost --by service --from "$cost_month-01" --to "$next"
    for verb in budget forecast anomalies; do
      if grep -qE "^ +$verb " <<<"$verbs"; then
        query_run "$verb" "$rep" "$verb"
      fi
    done
  done
fi
scale_elapsed=$(( $(date +%s) - scale_started ))

elapsed=$(( $(date +%s) - started ))
{
  echo "- **Command:** \`bench/run.sh\` (BENCH_REPS=$reps, BENCH_LINES=$big, BENCH_SMALL_LINES=$small, kinds: ${kinds[*]}, demo: $run_demo); total $((elapsed / 60)) min $((elapsed % 60)) s including builds and input generation"
  echo "- **Date:** $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- **Machine:** nproc $(nproc); CPU $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); memory $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }'); $(uname -sr)"
  echo "- **Software:** dotnet $(dotnet --version); DuckDB ${duckdb_version:-?} (DuckDB.NET.Data.Full from Directory.Packages.props, the product's version); host built Release by \`./insights\`"
  echo "- **Code measured:** $code"
  echo "- **Load:** the machine is shared and was loaded by other builds: load average (1/5/15 min) $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (each run's 1-min load is in *Raw runs*). Compare ratios, not absolute times."
  echo "- **Inputs:** $(for key in "${!input[@]}"; do [ -f "${input[$key]}" ] && printf '%s lines %s MB; ' "$key" "$(( $(stat -c %s "${input[$key]}") / 1000000 ))"; done)"
  if [ "${#scale_parts[@]}" -gt 0 ]; then
    echo "- **Billing at scale:** parts ${scale_parts[*]} (BENCH_SCALE_REPS=$scale_reps, FOCUS $focus_big / $focus_small, Parquet $parquet_big / $parquet_small, cost store $cost_rows rows, $cost_reps query repetitions, month $cost_month); $((scale_elapsed / 60)) min $((scale_elapsed % 60)) s of timed runs"
  fi
} >"$results/machine.md"

echo "== report"
# Re-render without re-measuring: dotnet .../insights-bench.dll report bench/results/raw.tsv bench/results/machine.md OUT.md
"${tool[@]}" report "$raw" "$results/machine.md" "$results/latest.md" || die "report"
echo
echo "bench: wrote $results/latest.md and $raw (logs of each run in $logs)"
