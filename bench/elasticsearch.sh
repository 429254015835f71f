#!/usr/bin/env bash
# Elasticsearch paging benchmark (issue 5): documents/s of `ElasticsearchSource` (point in time + search_after over
# HTTP against the tests' in-process Elasticsearch, ECS mapping) vs the NDJSON import's parser over the same documents
# in a file, in the same run, BENCH_ES_REPS times interleaved. Both feed a counting store (no silo, no DuckDB).
# Environment: BENCH_ES_DOCS (100000), BENCH_ES_PAGE (1000), BENCH_ES_REPS (3), BENCH_RESULTS (bench/results).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="${BENCH_RESULTS:-$bench/results}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$results"
dotnet build "$bench/ElasticsearchBench/ElasticsearchBench.csproj" -c Release -nologo -clp:ErrorsOnly -v:q -o "$bench/ElasticsearchBench/out" >/dev/null
dotnet "$bench/ElasticsearchBench/out/es-bench.dll" "${BENCH_ES_DOCS:-100000}" "${BENCH_ES_PAGE:-1000}" "${BENCH_ES_REPS:-3}" | tee "$results/elasticsearch.tsv"
