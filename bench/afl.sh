#!/usr/bin/env bash
# Coverage-guided fuzzing driven by AFL++ (issue 10): a tool, not a CI test. Builds bench/FuzzBench, instruments the
# parser assembly (Platform.Insights.Ingest.dll) with SharpFuzz's `sharpfuzz` tool, and runs one afl-fuzz per target,
# one after another, for TOTAL_SECONDS split evenly. afl-fuzz starts `fuzz-bench --afl TARGET` as its fork server
# (SharpFuzz's Fuzzer.OutOfProcess), seeded from the target's seeds (the /work/shared/data samples and tests' fixtures,
# written by `fuzz-bench --afl-seeds`). A crash is any exception other than the parser's documented format exception, or a
# broken contract; AFL's -t makes hangs. Writes bench/results/afl.tsv (execs, corpus, edges, crashes, hangs per target),
# keeps AFL's output in bench/results/afl/<target>/out, copies crashing and hanging inputs to
# bench/results/afl-findings/<target>/ and replays each in process to print its exception. Exit 1 when anything was found.
#
# Usage: bench/afl.sh [TOTAL_SECONDS, default 600]
# Needs:  afl-fuzz (Debian: `apt-get install -y afl++`, as root; 4.04c tried).
# Environment: AFL_TARGETS (space-separated; default the five below), AFL_EXEC_TIMEOUT_MS (5000), BENCH_RESULTS (bench/results).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
total="${1:-600}"
read -r -a targets <<< "${AFL_TARGETS:-openmetrics remote-write-snappy remote-write-protobuf ecs-ndjson billing-csv}"
per=$(( total / ${#targets[@]} ))
results="${BENCH_RESULTS:-$bench/results}"
out="$bench/FuzzBench/out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! command -v afl-fuzz > /dev/null; then
  echo "afl.sh: afl-fuzz not found; install AFL++ first (Debian: apt-get install -y afl++)" >&2
  exit 2
fi
mkdir -p "$results"

# Instrumentation rewrites the assembly in place: remove it so the build copies a fresh one.
rm -f "$out/Platform.Insights.Ingest.dll" "$out/Platform.Insights.Cleanup.dll"
dotnet build "$bench/FuzzBench/FuzzBench.csproj" -c Release -o "$out" -nologo -clp:ErrorsOnly -v:q >&2
if [ ! -x "$bench/.tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$bench/.tools" >&2
fi
for dll in Platform.Insights.Ingest.dll Platform.Insights.Cleanup.dll; do
  "$bench/.tools/sharpfuzz" "$out/$dll" >&2
done

# dotnet itself is not instrumented (SharpFuzz reports the edges), no UI on a pipe, the cores are shared with others,
# and a .NET fork server takes seconds to start on a loaded machine.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
       AFL_FORKSRV_INIT_TMOUT=120000

field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$2"; }
echo "afl: ${#targets[@]} targets × ${per}s, afl-fuzz $(afl-fuzz -h 2>&1 | grep -o '++[0-9.a-z]*' | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf 'target\tseconds\tseeds\texecs\texecs_per_s\tcorpus\tedges\tcrashes\thangs\n' | tee "$results/afl.tsv"
found=0
for target in "${targets[@]}"; do
  work="$results/afl/$target"
  rm -rf "$work" "$results/afl-findings/$target"
  mkdir -p "$work"
  seeds=$(dotnet "$out/fuzz-bench.dll" --afl-seeds "$target" "$work/in")
  timeout -k 10 $(( per + 300 )) afl-fuzz -i "$work/in" -o "$work/out" -t "${AFL_EXEC_TIMEOUT_MS:-5000}+" -m none -V "$per" \
    -- dotnet "$out/fuzz-bench.dll" --afl "$target" > "$work/afl.log" 2>&1 || echo "afl.sh: afl-fuzz on $target ended with $? (see $work/afl.log)" >&2
  stats="$work/out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl.sh: $target produced no fuzzer_stats; last lines of $work/afl.log:" >&2
    tail -20 "$work/afl.log" >&2
    found=$(( found + 1 ))
    continue
  fi
  crashes=$(field saved_crashes "$stats"); hangs=$(field saved_hangs "$stats")
  if [ "$(field execs_done "$stats")" = 0 ]; then
    echo "afl.sh: $target ran no input; last lines of $work/afl.log:" >&2
    tail -5 "$work/afl.log" >&2
    found=$(( found + 1 ))
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$(field run_time "$stats")" "$seeds" "$(field execs_done "$stats")" \
    "$(field execs_per_sec "$stats")" "$(field corpus_count "$stats")" "$(field edges_found "$stats")" "$crashes" "$hangs" | tee -a "$results/afl.tsv"
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    found=$(( found + crashes + hangs ))
    mkdir -p "$results/afl-findings/$target"
    cp "$work"/out/default/crashes/id:* "$work"/out/default/hangs/id:* "$results/afl-findings/$target/" 2>/dev/null || true
    dotnet "$out/fuzz-bench.dll" --afl-replay "$target" "$results/afl-findings/$target"/id:* >&2 || true
  fi
done
[ "$found" -eq 0 ]
