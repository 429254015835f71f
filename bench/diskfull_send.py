#!/usr/bin/env python3
"""Sender for bench/diskfull.sh: remote write (protobuf + snappy, encoded here: no packages needed) and ECS log push
against one `insights serve`, behaving like Prometheus's queue: a 429, a 5xx or a connection error means "resend the
same body" after Retry-After (or a backoff), for as long as it takes; only a 2xx counts as acknowledged.

    diskfull_send.py URL TOKEN STATE STOPFILE [shards] [series] [samples] [log_lines]

Sends back to back until STOPFILE exists, then finishes the body in hand (resending it until accepted or 300 s pass)
and writes STATE (JSON) a last time. STATE is rewritten every second: acknowledged samples and log lines, answers by
status, how many 503/429 carried no Retry-After, how many bodies were resent, and how many were abandoned.
"""
import json
import os
import struct
import sys
import threading
import time
import urllib.error
import urllib.request

url, token, state_path, stop_file = sys.argv[1:5]
shards = int(sys.argv[5]) if len(sys.argv) > 5 else 2
series = int(sys.argv[6]) if len(sys.argv) > 6 else 200
samples = int(sys.argv[7]) if len(sys.argv) > 7 else 50
log_lines = int(sys.argv[8]) if len(sys.argv) > 8 else 500
run = os.path.basename(state_path).split(".")[0] + "-" + str(os.getpid())
step_ms = 100
# Every sample in the past (the server rejects the future) and in order per series.
start_ms = int(time.time() * 1000) - 3 * 3600 * 1000

lock = threading.Lock()
state = {"samples_acknowledged": 0, "samples_sent_bodies": 0, "log_lines_acknowledged": 0, "log_bodies": 0,
         "status": {}, "retry_after_missing": 0, "resends": 0, "abandoned": 0, "errors": []}


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def snappy_literal(data):
    """Snappy's raw block format with literals only: valid input for any snappy decoder."""
    out = bytearray(varint(len(data)))
    for i in range(0, len(data), 65536):
        chunk = data[i:i + 65536]
        n = len(chunk) - 1
        if n < 60:
            out.append(n << 2)
        elif n < 256:
            out += bytes([60 << 2, n])
        else:
            out += bytes([61 << 2]) + struct.pack("<H", n)
        out += chunk
    return bytes(out)


def write_request(shard, k):
    body = bytearray()
    for i in range(series):
        sid = shard * series + i
        labels = b"".join(field(1, field(1, name.encode()) + field(2, value.encode())) for name, value in (
            ("__name__", "probe_success"), ("instance", f"df-{sid}:9100"), ("job", "diskfull"), ("service", f"svc-{sid % 20:02d}")))
        points = bytearray()
        for j in range(samples):
            ts = start_ms + (k * samples + j) * step_ms
            points += field(2, b"\x09" + struct.pack("<d", float((k + j + i) % 2)) + b"\x10" + varint(ts))
        body += field(1, labels + bytes(points))
    return snappy_literal(bytes(body))


def record(status, headers):
    with lock:
        state["status"][str(status)] = state["status"].get(str(status), 0) + 1
        if status in (429, 503) and not headers.get("Retry-After"):
            state["retry_after_missing"] += 1


def send(path, data, content_type, extra):
    """POST until a 2xx (True) or 300 s after the stop file appeared (False: abandoned)."""
    attempt = 0
    while True:
        if attempt:
            with lock:
                state["resends"] += 1
        request = urllib.request.Request(url + path, data=data, method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": content_type, **extra})
        wait = min(0.1 * 2 ** attempt, 2.0)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                record(response.status, response.headers)
                return True
        except urllib.error.HTTPError as e:
            record(e.code, e.headers)
            if e.code != 429 and e.code < 500:
                with lock:
                    state["errors"].append(f"{path} {e.code} {e.read()[:300]!r}")
                return False
            if e.headers.get("Retry-After"):
                wait = min(float(e.headers["Retry-After"]), 5.0)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            record("connection", {})
        attempt += 1
        if os.path.exists(stop_file) and time.time() - stopped_at() > 300:
            with lock:
                state["abandoned"] += 1
            return False
        time.sleep(wait)


_stopped = []


def stopped_at():
    if not _stopped:
        _stopped.append(time.time())
    return _stopped[0]


def remote_write(shard):
    k = 0
    while not os.path.exists(stop_file):
        if send("/api/v1/write", write_request(shard, k), "application/x-protobuf",
                {"Content-Encoding": "snappy", "X-Prometheus-Remote-Write-Version": "0.1.0"}):
            with lock:
                state["samples_acknowledged"] += series * samples
        with lock:
            state["samples_sent_bodies"] += 1
        k += 1


def log_push():
    n = 0
    while not os.path.exists(stop_file):
        now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        body = "".join(json.dumps({"@timestamp": f"{now}.{i % 1000:03d}Z", "event": {"id": f"{run}-{n}-{i}"},
                                   "service": {"name": f"svc-{i % 20:02d}"}, "log": {"level": "info"},
                                   "message": f"diskfull line {n}-{i} " + "x" * 200}) + "\n" for i in range(log_lines))
        if send("/api/v1/logs", body.encode(), "application/x-ndjson", {}):
            with lock:
                state["log_lines_acknowledged"] += log_lines
        with lock:
            state["log_bodies"] += 1
        n += 1


def dump():
    with lock:
        text = json.dumps(state)
    with open(state_path + ".tmp", "w") as f:
        f.write(text)
    os.replace(state_path + ".tmp", state_path)


threads = [threading.Thread(target=remote_write, args=(s,)) for s in range(shards)] + [threading.Thread(target=log_push)]
for t in threads:
    t.start()
while any(t.is_alive() for t in threads):
    dump()
    time.sleep(1)
dump()
