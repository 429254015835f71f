#!/usr/bin/env bash
# Crash benchmark (issue 10, RELIABILITY.md section 1): SIGKILL trials against the real `insights` executable —
#   ingest:  `insights serve` streaming remote write (snappy protobuf) + NDJSON log push, killed 1–2 times per trial at
#            seeded random moments and restarted; the senders resend what was not acknowledged (5xx / 429 / connection
#            error, as Prometheus does); then stored = acknowledged, none twice.
#   lake:    the same ingest trial against `insights serve --cluster` (real PostgreSQL, Parquet lake): the lake's files
#            themselves hold every acknowledged sample and event once; a compaction pass deletes the kills' .tmp leftovers.
#   billing: a 60,000-row FOCUS delivery that restates a 1,000-row one, `insights import billing` killed at a random
#            moment: old rows or new rows, never a mix; the re-run stores each row once.
#   report:  `insights report weekly` killed while generating (half the trials re-running a listed report):
#            `report list` never lists a report whose files are cut or missing.
# The trials are the tests in tests/host/Reliability/ReliabilityCrash*Tests.cs run with more trials (CI runs 1 each).
# Usage: bench/crash.sh [trials] (default 20). Seeds: INSIGHTS_CRASH_SEED (default 20261129) + trial index.
# BENCH_CRASH_SCENARIOS picks scenarios by test class (default all: Ingest|LakeIngest|Billing|Report, e.g. "Ingest|Billing").
# Writes bench/results/crash.txt (one line per trial: seed, kill moments, sent, acknowledged, stored, verdict).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
trials="${1:-20}"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$results"
out="$results/crash.txt"
: > "$out"
echo "== build (not timed)"
dotnet build "$root/tests/host/Platform.Insights.Host.Tests.csproj" -nologo -clp:ErrorsOnly -v:q
echo "== $trials trials per scenario, seeds from ${INSIGHTS_CRASH_SEED:-20261129}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
status=0
filter="FullyQualifiedName~Reliability.ReliabilityCrash"
if [ -n "${BENCH_CRASH_SCENARIOS:-}" ]; then
  IFS='|' read -ra picked <<<"$BENCH_CRASH_SCENARIOS"
  filter=$(printf 'FullyQualifiedName~Reliability.ReliabilityCrashDuring%sTests|' "${picked[@]}"); filter="${filter%|}"
fi
INSIGHTS_CRASH_TRIALS="$trials" INSIGHTS_CRASH_LOG="$out" \
  dotnet test "$root/tests/host/Platform.Insights.Host.Tests.csproj" --no-build -nologo \
  --filter "$filter" --logger "console;verbosity=minimal" || status=$?
cat "$out"
bad=$(grep -cE 'LOST|DUPLICATED|MIX|HALF-WRITTEN' "$out" || true)
echo "== $(wc -l < "$out") trials in $(( $(date +%s) - start )) s; trials with loss, duplication, a mix or a half-written report: $bad"
exit $status
