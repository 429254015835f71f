#!/usr/bin/env bash
# Soak benchmark (issue 10): MINUTES (default 60) of the demo organisation's live traffic against one `insights serve`
# — 40 services' probe and request series plus their resources' utilisation series (1,200 series in all), scraped every
# 15 s and remote-written over 2 connections (80 samples/s), 5 ECS log lines/s pushed to /api/v1/logs, and 2 API
# readers asking the KPI endpoints every 5 s — recording RSS, VmHWM, open file handles (/proc/PID/fd), threads and the
# DuckDB file and WAL size every 5 s. The point is the trend: memory, handles and file size must level off, not climb.
# Same machinery and outputs as bench/load.sh (BENCH_RESULTS/soak-summary.tsv, soak-timeline.tsv, soak-process.tsv),
# including the check that every acknowledged sample is stored, plus soak-memory.tsv every BENCH_LOAD_MEMORY_EVERY (30) s:
# RSS beside the .NET GC heap (/metrics) and DuckDB's duckdb_memory() (bench/memory_sample.py), to tell which one grows.
#
#   bench/soak.sh [MINUTES]
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_LOAD_NAME=soak BENCH_LOAD_RATE="${BENCH_SOAK_RATE:-80}" BENCH_LOAD_SHARDS=2 BENCH_LOAD_MAX_CONCURRENT=8 BENCH_LOAD_SERIES=600 BENCH_LOAD_SAMPLES=1 \
BENCH_LOAD_SERVICES=40 BENCH_LOAD_STEP_MS=15000 BENCH_LOAD_LOGS="${BENCH_SOAK_LOGS:-5}" BENCH_LOAD_READERS=2 BENCH_LOAD_READ_PAUSE_MS=5000 \
BENCH_LOAD_MEMORY_EVERY="${BENCH_LOAD_MEMORY_EVERY:-30}" \
  exec "$bench/load.sh" "${1:-60}"
