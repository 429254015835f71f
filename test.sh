#!/usr/bin/env bash
# The test command: does every set-up step itself (restore, build), runs every test project, and ends
# with one line "tests: N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# The remote write test runs Debian's real Prometheus; it fails (never skips) without it, so install it when missing.
if ! command -v prometheus >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus >/dev/null; } \
    || echo "test.sh: could not install prometheus (apt-get); the Prometheus remote write test will fail" >&2
fi
# The report rendering tests open the HTML in Debian's headless chromium and split the PDF with poppler's pdftoppm.
if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends chromium poppler-utils >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium poppler-utils >/dev/null; }; } \
    || echo "test.sh: could not install chromium / poppler-utils (apt-get); the report rendering tests will fail" >&2
fi

# The cluster tests initdb a throw-away cluster of Debian's real PostgreSQL 15 (tests/host/Support/PostgresProcess.cs).
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y --no-install-recommends postgresql-15 >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends postgresql-15 >/dev/null; }; } \
    || echo "test.sh: could not install postgresql-15 (apt-get); the cluster tests will fail" >&2
fi

dotnet build Platform.Insights.sln -nologo -clp:ErrorsOnly -v:q || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }

status=0
# One project at a time keeps the 2-core machine's timing stable; each prints its own summary.
for project in tests/*/*.Tests.csproj; do
  echo "== $project"
  dotnet test "$project" --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee -a "$log" || status=1
done

count() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${passed:-0}" -eq 0 ]; then status=1; fi
exit $status
