#!/usr/bin/env bash
# DORA at scale (issue 5): BENCH_DORA_SERVICES services (in services/20 teams, a Backstage catalog) x BENCH_DORA_DAYS days
# of deployments and incidents (bench/dora_gen.py), loaded with `insights catalog load` and `insights import logs` into a
# fresh store, then BENCH_DORA_REPS interleaved runs of
#   insights dora --scope service|team|org --from … --to … --format json   (the whole year)
#   insights query "SELECT service, count(*), count(DISTINCT day), median(lead) … GROUP BY 1"   (one hand-written GROUP BY over
#                                                                                               the same table: the baseline)
#   insights query "SELECT count(*) FROM log_events"                                          (the process start-up floor)
# each a whole process timed by /usr/bin/time. Writes bench/results/dora.tsv.
# Environment: BENCH_DORA_SERVICES (1000), BENCH_DORA_DAYS (365), BENCH_DORA_REPS (3), BENCH_RESULTS.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
services="${BENCH_DORA_SERVICES:-1000}"
days="${BENCH_DORA_DAYS:-365}"
reps="${BENCH_DORA_REPS:-3}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "dora: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-dora.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"
out="$results/dora.tsv"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
insights=(dotnet "$work/host/insights.dll")
data="$work/data"

echo "== generate (not timed)"
to="$(date -u '+%F')"
from="$(date -u -d "$to - $days days" '+%F')"
python3 "$bench/dora_gen.py" "$work/in" "$services" "$days" "${to}T00:00:00"
du -m "$work/in/deployments.ndjson" | cut -f1 | sed 's/$/ MiB of NDJSON/'

timed() { # NAME REP CMD…: runs CMD under /usr/bin/time, appends a row
  local name=$1 rep=$2 load; shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name-$rep.out" 2>"$work/$name-$rep.err" \
    || { cat "$work/$name-$rep.err" >&2; die "$name failed"; }
  read -r wall user sys rss <"$work/time"
  printf '%s\t%s\t%s\t%.2f\t%d\t%s\n' "$name" "$rep" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load" | tee -a "$out"
}

printf 'case\trep\twall_s\tcpu_s\tpeak_rss_mib\tload1\n' | tee "$out"
echo "== load ($services services x $days days); load $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$root" rev-parse --short HEAD)"
"${insights[@]}" catalog load --data "$data" "$work/in/catalog" >/dev/null || die "catalog load"
timed import 1 "${insights[@]}" import logs --data "$data" "$work/in/deployments.ndjson"
tail -2 "$work/import-1.out"

sql="SELECT service, count(*) AS deployments, count(DISTINCT CAST(ts AS DATE)) AS days,
       median(epoch(ts) - epoch(CAST(json_extract_string(labels, '\$.first_commit_at') AS TIMESTAMPTZ))) / 3600 AS lead_hours
     FROM log_events WHERE action = 'deployment' AND outcome = 'success' AND environment = 'production'
       AND ts >= TIMESTAMP '$from' AND ts < TIMESTAMP '$to' GROUP BY 1 ORDER BY 1"
for rep in $(seq 1 "$reps"); do
  timed dora-service "$rep" "${insights[@]}" dora --data "$data" --scope service --from "$from" --to "$to" --format json
  timed dora-team "$rep" "${insights[@]}" dora --data "$data" --scope team --from "$from" --to "$to" --format json
  timed dora-org "$rep" "${insights[@]}" dora --data "$data" --scope org --from "$from" --to "$to" --format json
  timed group-by "$rep" "${insights[@]}" query --data "$data" --format csv --max-rows 1000000 "$sql"
  timed count-floor "$rep" "${insights[@]}" query --data "$data" --format csv "SELECT count(*) FROM log_events"
done
echo "== dora rows: $(grep -c '"scope"' "$work/dora-service-1.out") services, $(grep -c '"scope"' "$work/dora-team-1.out") teams; group-by rows: $(($(wc -l <"$work/group-by-1.out") - 1))"
head -c 900 "$work/dora-org-1.out"; echo
awk -F'\t' 'NR > 1 && $1 != "import" {w[$1] = w[$1] " " $3; c[$1] = c[$1] " " $4} END {for (k in w) print "== " k ": wall" w[k] "; cpu" c[k]}' "$out"
