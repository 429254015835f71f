#!/usr/bin/env bash
# Dashboard generation benchmark (issue 6): building and serialising the eight dashboards from the typed model vs
# writing the same JSON documents without it (baseline, same run, interleaved), the static checks, the PromQL expansion
# for every team and service of a BENCH_DASH_TEAMS / BENCH_DASH_SERVICES catalog, and `insights dashboards generate`
# end to end (a process: start-up included). Prints markdown; writes bench/results/dashboards.md.
#
# Environment: BENCH_DASH_TEAMS (50), BENCH_DASH_SERVICES (1000), BENCH_DASH_REPS (15), BENCH_RESULTS (bench/results).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
teams="${BENCH_DASH_TEAMS:-50}"
services="${BENCH_DASH_SERVICES:-1000}"
reps="${BENCH_DASH_REPS:-15}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
die() { echo "dashboards: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-dash.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"

echo "== build (not timed)"
"$root/insights" --help >/dev/null || die "./insights --help (the product build) failed"
dotnet build "$bench/DashboardsBench/DashboardsBench.csproj" -c Release -o "$work/tool" -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; die "bench tool build failed"; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== in-process: $teams teams, $services services, $reps repetitions"
dotnet "$work/tool/dashboards-bench.dll" "$teams" "$services" "$reps" | tee "$work/inprocess.md"

echo "== insights dashboards generate (process, $reps runs)"
walls=()
for rep in $(seq 1 "$reps"); do
  /usr/bin/time -f '%e %M' -o "$work/time" "$root/insights" dashboards generate --out "$work/out-$rep" --format csv >/dev/null 2>"$work/err" \
    || { cat "$work/err" >&2; die "insights dashboards generate failed"; }
  walls+=("$(cut -d' ' -f1 "$work/time")")
  rss=$(cut -d' ' -f2 "$work/time")
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
help_walls=()
for rep in $(seq 1 "$reps"); do
  /usr/bin/time -f '%e' -o "$work/time" "$root/insights" --help >/dev/null 2>&1
  help_walls+=("$(cat "$work/time")")
done
help_median=$(printf '%s\n' "${help_walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
{
  echo "- **Command:** \`bench/dashboards.sh\` (BENCH_DASH_TEAMS=$teams, BENCH_DASH_SERVICES=$services, BENCH_DASH_REPS=$reps)"
  echo "- **Date:** $(date -u '+%Y-%m-%d %H:%M UTC'); code $(git -C "$root" rev-parse --short HEAD)"
  echo "- **Machine:** nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); dotnet $(dotnet --version); load (1/5/15 min) $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo
  cat "$work/inprocess.md"
  echo
  echo "| process | median wall s |"
  echo "|---|---:|"
  echo "| \`insights dashboards generate --out DIR\` (10 files; peak RSS $((rss / 1024)) MiB) | $median |"
  echo "| \`insights --help\` (the process start-up floor) | $help_median |"
} | tee "$results/dashboards.md"
echo "dashboards: wrote $results/dashboards.md"
