#!/usr/bin/env bash
# Disk full and read-only data directory on a real file system (issue 10, RELIABILITY.md §2.1): each scenario mounts a
# small tmpfs as the data directory of the real `insights` executable and checks what the user sees and what is stored.
#   import:     `insights import logs` of a file larger than the space → exit 1 naming the directory; the mount grows
#               (`remount,size=`) → the re-import stores the rest, each event once (count = distinct = lines).
#   full:       `insights serve` fed by remote write (snappy protobuf) and log push (bench/diskfull_send.py, resending
#               on 429/5xx/connection errors like Prometheus) until the tmpfs fills → ingest answers 503 + Retry-After,
#               /readyz is unhealthy naming the store and the directory, the query API still answers; the mount grows →
#               /readyz healthy without a restart, the resends are accepted, stored = acknowledged, none twice.
#   readonly:   a live read-only remount is refused by Linux while DuckDB holds its files open for writing, so: the
#               server stops (the senders keep resending), the mount turns read-only, `insights import logs` and
#               `insights serve` on it show what the user sees, then it turns writable, serve restarts and the resends
#               are accepted: stored = acknowledged, none twice.
#   checkpoint: a tmpfs that fills while DuckDB checkpoints its 16 MiB write-ahead log into the file (§2: DuckDB
#               invalidates the instance): ingest 503 + Retry-After, /readyz unhealthy; the server is then restarted
#               (SIGTERM) on the still-full mount, the mount grows, and the resends are accepted: nothing lost or twice.
# Exits non-zero on any violation, or when mounting is refused (needs root / CAP_SYS_ADMIN: never a silent skip).
# Unmounts and deletes everything on every exit.
#
#   bench/diskfull.sh [SCENARIO …]   (default: import full readonly checkpoint)
# Writes BENCH_RESULTS/diskfull.txt (bench/results): one line per check and a summary line per scenario.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
results="${BENCH_RESULTS:-$bench/results}"
scenarios=("$@")
[ $# -gt 0 ] || scenarios=(import full readonly checkpoint)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$results"
out="$results/diskfull.txt"
work="$(mktemp -d "${TMPDIR:-/tmp}/insights-diskfull.XXXXXX")"
mnt="$work/mnt"
mkdir -p "$mnt"
server=""; sender=""
ingest="diskfull-ingest-token-0123456789"; read="diskfull-read-token-0123456789"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"

log() { echo "$*" | tee -a "$out"; }
fail() { log "diskfull: FAILED: $*"; exit 1; }
check() { # check DESCRIPTION CONDITION…: records the check, fails the run when it does not hold
  local what="$1"; shift
  if "$@"; then log "  ok   $what"; else fail "$what"; fi
}
stop_sender() {
  [ -n "$sender" ] || return 0
  touch "$work/stop"; wait "$sender" || true; sender=""
}
stop_server() {
  [ -n "$server" ] || return 0
  kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
}
unmount() {
  mountpoint -q "$mnt" || return 0
  for _ in 1 2 3 4 5; do umount "$mnt" 2>/dev/null && return 0; sleep 1; done
  umount -l "$mnt"
}
cleanup() {
  [ -z "$sender" ] || { touch "$work/stop"; kill "$sender" 2>/dev/null || true; }
  [ -z "$server" ] || kill -KILL "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  unmount || echo "diskfull: could not unmount $mnt" >&2
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

insights() { dotnet "$work/host/insights.dll" "$@"; }
fresh_mount() { # fresh_mount SIZE: a new, empty tmpfs on $mnt
  stop_server; unmount
  mount -t tmpfs -o "size=$1" tmpfs "$mnt" \
    || fail "mounting a tmpfs on $mnt was refused (needs root or CAP_SYS_ADMIN); this benchmark cannot run without it"
}
grow() { mount -o "remount,size=$1" "$mnt" || fail "remount,size=$1 of $mnt was refused"; }
count() { # count DATA SQL: one number from `insights query` on a stopped store
  insights query --data "$1" --format csv "$2" | tail -1
}
start_server() { # start_server DATA: insights serve in the background (not waiting for readiness)
  Insights__Server__Tokens__0__Name=df-ingest Insights__Server__Tokens__0__Token="$ingest" Insights__Server__Tokens__0__Scopes__0=ingest \
  Insights__Server__Tokens__1__Name=df-read Insights__Server__Tokens__1__Token="$read" Insights__Server__Tokens__1__Scopes__0=read \
    dotnet "$work/host/insights.dll" serve --data "$1" --urls "$base" >>"$work/server.log" 2>&1 &
  server=$!
}
ready_code() { curl -s -o "$work/readyz.txt" -w '%{http_code}' --max-time 20 "$base/readyz" || true; } # 000: no answer
wait_ready() { # wait_ready CODE SECONDS: until /readyz answers CODE; prints the seconds it took
  local t0; t0=$(date +%s)
  while [ "$(ready_code)" != "$1" ]; do
    [ $(( $(date +%s) - t0 )) -lt "$2" ] || return 1
    [ -z "$server" ] || kill -0 "$server" 2>/dev/null || return 1
    sleep 0.5
  done
  echo $(( $(date +%s) - t0 ))
}
state() { python3 -c "import json,sys; s=json.load(open('$work/send.json')); print(eval(sys.argv[1]))" "$1"; }
start_sender() {
  rm -f "$work/stop" "$work/send.json"
  python3 "$bench/diskfull_send.py" "$base" "$ingest" "$work/send.json" "$work/stop" 2 200 50 500 &
  sender=$!
  for _ in $(seq 1 40); do [ -f "$work/send.json" ] && return 0; sleep 0.5; done
  fail "the sender did not start"
}
wait_state() { # wait_state PYTHON-CONDITION SECONDS
  local t0; t0=$(date +%s)
  until [ -f "$work/send.json" ] && [ "$(state "$1")" = True ]; do
    [ $(( $(date +%s) - t0 )) -lt "$2" ] || return 1
    sleep 1
  done
}
api_count() { # api_count SQL: a number from POST /api/v1/query (the running server's read path)
  curl -s --max-time 60 -H "Authorization: Bearer $read" -H 'Content-Type: application/json' \
    -d "{\"sql\":\"$1\",\"maxRows\":1}" "$base/api/v1/query" -o "$work/query.json" -w '%{http_code}'
}
log_probe() { # a one-line log push with curl: prints "STATUS RETRY-AFTER"
  curl -s --max-time 30 -D "$work/probe.h" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ingest" -H 'Content-Type: application/x-ndjson' \
    --data-binary "{\"@timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)\",\"event\":{\"id\":\"probe-$RANDOM$RANDOM\"},\"service\":{\"name\":\"svc-00\"},\"message\":\"probe\"}" \
    "$base/api/v1/logs"
  printf ' %s\n' "$(awk 'tolower($1) == "retry-after:" {print $2}' "$work/probe.h" | tr -d '\r')"
}
# After the senders stopped and the server stopped cleanly: stored = acknowledged, none twice.
verify_stored() { # verify_stored DATA SCENARIO
  local data="$1" name="$2" acked_s acked_l samples distinct_s events distinct_e
  acked_s=$(state 's["samples_acknowledged"]'); acked_l=$(state 's["log_lines_acknowledged"]')
  samples=$(count "$data" "SELECT count(*) FROM metric_samples")
  distinct_s=$(count "$data" "SELECT count(*) FROM (SELECT DISTINCT series_id, ts FROM metric_samples)")
  events=$(count "$data" "SELECT count(*) FROM log_events WHERE event_id NOT LIKE 'probe-%'")
  distinct_e=$(count "$data" "SELECT count(DISTINCT event_id) FROM log_events WHERE event_id NOT LIKE 'probe-%'")
  check "$name: every body answered in the end (abandoned $(state 's["abandoned"]'), rejected $(state 'len(s["errors"])'))" \
    test "$(state 's["abandoned"] + len(s["errors"])')" = 0
  check "$name: every 429/503 carried Retry-After (missing $(state 's["retry_after_missing"]'))" test "$(state 's["retry_after_missing"]')" = 0
  check "$name: samples acknowledged $acked_s = stored $samples = distinct $distinct_s" \
    test "$acked_s" = "$samples" -a "$samples" = "$distinct_s"
  check "$name: log events acknowledged $acked_l = stored $events = distinct $distinct_e" \
    test "$acked_l" = "$events" -a "$events" = "$distinct_e"
  log "$name: answers $(state 's["status"]'), resends $(state 's["resends"]'); samples $acked_s acknowledged = stored, log events $acked_l acknowledged = stored"
}

scenario_import() {
  log "== import: a 16 MiB NDJSON file into a 6 MiB tmpfs; load $(cut -d' ' -f1-3 /proc/loadavg)"
  fresh_mount 6m
  local data="$mnt/import" file="$work/big.ndjson" rc=0
  python3 - "$file" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(60000):
        f.write(json.dumps({"@timestamp": f"2026-11-29T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}.{i % 1000:03d}Z",
                            "event": {"id": f"big-{i}"}, "service": {"name": f"svc-{i % 20:02d}"},
                            "log": {"level": "info"}, "message": f"line {i} " + "y" * 180}) + "\n")
EOF
  insights import logs "$file" --data "$data" >"$work/import1.out" 2>&1 || rc=$?
  log "  first import: exit $rc: $(grep "cannot be written" "$work/import1.out" | tail -1 | cut -c1-400)"
  check "import into a full tmpfs exits 1" test "$rc" = 1
  check "the message names the data directory and the disk" \
    grep -q "the data directory $data cannot be written (No space left on device)" "$work/import1.out"
  grow 80m
  local before; before=$(count "$data" "SELECT count(*) FROM log_events")
  log "  after growing to 80m: $before events stored before the disk filled"
  rc=0; insights import logs "$file" --data "$data" >"$work/import2.out" 2>&1 || rc=$?
  log "  re-import: exit $rc: $(tail -1 "$work/import2.out" | cut -c1-200)"
  check "the re-import succeeds" test "$rc" = 0
  local n d; n=$(count "$data" "SELECT count(*) FROM log_events"); d=$(count "$data" "SELECT count(DISTINCT event_id) FROM log_events")
  check "import: count $n = distinct $d = 60000 lines" test "$n" = 60000 -a "$d" = 60000
  log "import: exit 1 naming $data; after growing: $before + $((n - before)) = $n events, $d distinct"
}

fill_until_503() { # fill_until_503 SCENARIO SIZE DATA: serve DATA on a fresh SIZE tmpfs and send until /readyz and ingest say 503
  local t
  fresh_mount "$2"
  start_server "$3"
  wait_ready 200 180 >/dev/null || fail "$1: insights serve not ready: $(tail -5 "$work/server.log")"
  start_sender
  t=$(wait_ready 503 300) || fail "$1: /readyz never turned unhealthy while the disk filled ($(cat "$work/readyz.txt"))"
  log "  /readyz 503 after ${t} s of sending: $(cut -c1-300 "$work/readyz.txt")"
  wait_state 's["status"].get("503", 0) > 0' 60 || fail "$1: no 503 answered while the disk was full: $(state 's["status"]')"
}

recover_and_verify() { # recover_and_verify SCENARIO DATA SECONDS [still-ready]: after the mount grew, healthy within SECONDS, resends stored
  local t
  t=$(wait_ready 200 "$3") || fail "$1: /readyz not healthy within $3 s of space returning ($(cat "$work/readyz.txt"))"
  log "  mount grown to 300m: /readyz 200 after ${t} s"
  sleep 5
  stop_sender
  [ "${4:-}" != still-ready ] || check "$1: /readyz still healthy after the resends" test "$(ready_code)" = 200
  stop_server
  verify_stored "$2" "$1"
}

scenario_full() {
  log "== full: insights serve on an 8 MiB tmpfs, remote write + log push until it fills; load $(cut -d' ' -f1-3 /proc/loadavg)"
  local data="$mnt/full"
  fill_until_503 full 8m "$data"
  check "full: /readyz names the store and the directory" grep -q "store not writable.*$data" "$work/readyz.txt"
  log "  senders' answers while full: $(state 's["status"]'), 429/503 without Retry-After: $(state 's["retry_after_missing"]')"
  check "full: ingest answered 503 with Retry-After" test "$(state 's["status"].get("503", 0) > 0 and s["retry_after_missing"] == 0')" = True
  log "  a one-line log push now (it may fit in what the rollback freed): $(log_probe)"
  local code; code=$(api_count "SELECT count(*) FROM log_events")
  check "full: the query API still answers reads while the disk is full ($code: $(cut -c1-120 "$work/query.json"))" test "$code" = 200
  log "  while full: df $(df -k "$mnt" | awk 'NR == 2 {print $3 "k used, " $4 "k free"}'); sender $(state 's["status"]')"
  sleep 5
  log "  just before the mount grows: /readyz $(ready_code), sender $(state 's["status"]')"
  grow 300m
  recover_and_verify full "$data" 120 still-ready
}

scenario_readonly() {
  log "== readonly: the data directory turns read-only under the senders; load $(cut -d' ' -f1-3 /proc/loadavg)"
  fresh_mount 200m
  local data="$mnt/ro" rc=0
  start_server "$data"
  wait_ready 200 180 >/dev/null || fail "readonly: insights serve not ready: $(tail -5 "$work/server.log")"
  start_sender
  wait_state 's["samples_acknowledged"] > 100000 and s["log_lines_acknowledged"] > 2000' 120 || fail "readonly: nothing acknowledged"
  rc=0; mount -o remount,ro "$mnt" 2>"$work/remount.err" || rc=$?
  log "  remount,ro with insights serve running: exit $rc ($(head -1 "$work/remount.err")): Linux refuses it while files are open for writing"
  stop_server
  mount -o remount,ro "$mnt" || fail "readonly: remount,ro refused with the server stopped"
  rc=0; insights query --data "$data" "SELECT count(*) FROM metric_samples" >"$work/roquery.out" 2>&1 || rc=$?
  log "  insights query on the read-only directory: exit $rc: $(head -1 "$work/roquery.out" | cut -c1-300)"
  check "readonly: insights query exits 1 saying the directory is read-only" \
    test "$rc" = 1 -a "$(grep -c "$data cannot be written (Read-only file system)" "$work/roquery.out")" = 1
  rc=0; insights import logs "$work/probe.ndjson" --data "$data" >"$work/roimport.out" 2>&1 || rc=$?
  log "  import into the read-only directory: exit $rc: $(head -1 "$work/roimport.out" | cut -c1-300)"
  check "readonly: the import exits 1 saying the directory is read-only" \
    test "$rc" = 1 -a "$(grep -c "$data cannot be written (Read-only file system)" "$work/roimport.out")" = 1
  rm -f "$work/readyz.txt"
  start_server "$data"
  local t0; t0=$(date +%s)
  while kill -0 "$server" 2>/dev/null && [ "$(ready_code)" = 000 ] && [ $(( $(date +%s) - t0 )) -lt 120 ]; do sleep 0.5; done
  if kill -0 "$server" 2>/dev/null; then
    rc=0; wait_ready 503 60 >/dev/null || rc=1
    log "  insights serve on the read-only directory runs; /readyz $(ready_code): $(cut -c1-300 "$work/readyz.txt")"
    check "readonly: /readyz unhealthy naming the directory" test "$rc" = 0
    check "readonly: ingest answers 503 with Retry-After ($(log_probe))" test "$(log_probe | grep -c '^503 [0-9]')" = 1
    stop_server
  else
    rc=0; wait "$server" || rc=$?; server=""
    log "  insights serve on the read-only directory exits $rc: $(grep -m1 "$data cannot be written" "$work/server.log" | cut -c1-300)"
    check "readonly: serve exits 1 saying the directory is read-only" \
      test "$rc" = 1 -a "$(grep -c "$data cannot be written (Read-only file system)" "$work/server.log")" -ge 1
  fi
  sleep 3 # the senders keep resending into the closed port meanwhile
  mount -o remount,rw "$mnt" || fail "readonly: remount,rw refused"
  start_server "$data"
  t=$(wait_ready 200 180) || fail "readonly: serve not ready after the directory turned writable: $(tail -5 "$work/server.log")"
  log "  writable again: serve ready after ${t} s"
  sleep 5
  stop_sender
  stop_server
  verify_stored "$data" readonly
}

scenario_checkpoint() {
  log "== checkpoint: a 22 MiB tmpfs filled while the 16 MiB WAL is checkpointed; load $(cut -d' ' -f1-3 /proc/loadavg)"
  local data="$mnt/ckpt"
  fill_until_503 checkpoint 22m "$data"
  log "  files: $(ls -l "$data" | awk 'NR > 1 {printf "%s %s B; ", $9, $5}')"
  local seen; seen=$(grep -c -i 'invalidated\|Failed to create checkpoint' "$work/server.log" || true)
  log "  server log lines naming the invalidation / failed checkpoint: $seen; first: $(grep -i -o 'must be reopened: DuckDB invalidated[^)]*' "$work/server.log" | head -1 | cut -c1-300)"
  check "checkpoint: ingest answered 503 with Retry-After ($(state 's["status"]'))" test "$(state 's["status"].get("503", 0) > 0 and s["retry_after_missing"] == 0')" = True
  log "  restart (SIGTERM) on the full disk"
  stop_server
  rm -f "$work/readyz.txt"
  start_server "$data"
  local t0; t0=$(date +%s)
  while kill -0 "$server" 2>/dev/null && [ "$(ready_code)" = 000 ] && [ $(( $(date +%s) - t0 )) -lt 120 ]; do sleep 0.5; done
  log "  restarted on the full disk: /readyz $(ready_code): $(cut -c1-200 "$work/readyz.txt"); server running: $(kill -0 "$server" 2>/dev/null && echo yes || echo no)"
  grow 300m
  if ! kill -0 "$server" 2>/dev/null; then wait "$server" || true; start_server "$data"; log "  (the server had exited on the full disk; started again)"; fi
  recover_and_verify checkpoint "$data" 180
}

: >"$out"
log "== diskfull: ${scenarios[*]}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$root" rev-parse --short HEAD); $(date -u +%FT%TZ)"
"$root/insights" --help >/dev/null || fail "./insights --help (the product build) failed"
cp -a "$root/.build/host" "$work/host"
echo '{"@timestamp":"2026-11-29T00:00:00.000Z","event":{"id":"ro-1"},"service":{"name":"svc-00"},"message":"ro"}' >"$work/probe.ndjson"
started=$(date +%s)
for s in "${scenarios[@]}"; do
  case "$s" in
    import|full|readonly|checkpoint) "scenario_$s" ;;
    *) fail "unknown scenario $s (import, full, readonly, checkpoint)" ;;
  esac
done
log "== diskfull: all checks held (${scenarios[*]}) in $(( $(date +%s) - started )) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
