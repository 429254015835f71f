#!/usr/bin/env python3
"""Memory sampler for bench/load.sh (BENCH_LOAD_MEMORY_EVERY): which part of the server's RSS grows.

    memory_sample.py PID URL READ_TOKEN OUT.tsv EVERY_SECONDS

Every EVERY_SECONDS while PID lives, one row: VmRSS; the .NET GC's view from /metrics (prometheus-net's
dotnet_total_memory_bytes = GC.GetTotalMemory, plus the runtime meter's committed/heap gauges when exported); and
DuckDB's own buffer-manager accounting (`duckdb_memory()` as the server's insights_store_memory_bytes{tag} gauge), as a
total and its largest tags.
"""
import os
import sys
import time
import urllib.request

pid, url, token, out, every = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
MIB = 1048576.0


def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
    return 0


def get(path, data=None):
    request = urllib.request.Request(url + path, data=data, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def gc():
    values = {}
    for line in get("/metrics").splitlines():
        if line.startswith("#"):
            continue
        name = line.split("{")[0].split(" ")[0]
        if name in ("dotnet_total_memory_bytes", "dotnet_gc_last_collection_heap_size_bytes",
                    "dotnet_gc_last_collection_memory_committed_size_bytes", "process_private_memory_bytes"):
            values[name] = values.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return values


def duckdb():
    """DuckDB's buffer memory by tag from /metrics (insights_store_memory_bytes, read from duckdb_memory() at each scrape;
    the query API's sandbox refuses duckdb_memory() itself). Empty on a server without the gauge: the columns stay blank."""
    values = {}
    for line in get("/metrics").splitlines():
        if line.startswith("insights_store_memory_bytes{"):
            tag = line.split('tag="', 1)[1].split('"', 1)[0]
            values[tag] = float(line.rsplit(" ", 1)[1])
    return values


t0 = time.time()
with open(out, "w") as f:
    f.write("elapsed_s\trss_mib\tgc_total_mib\tgc_heap_mib\tgc_committed_mib\tprivate_mib\tduckdb_mib\tduckdb_top\n")
    while os.path.exists(f"/proc/{pid}"):
        started = time.time()
        try:
            g, d, r = gc(), duckdb(), rss()
            total = f"{sum(d.values()) / MIB:.0f}" if d else ""
            top = "no insights_store_memory_bytes on /metrics" if not d else " ".join(f"{k}={v / MIB:.0f}" for k, v in sorted(d.items(), key=lambda p: -p[1])[:4] if v > 0)
            f.write(f"{started - t0:.0f}\t{r / MIB:.0f}\t{g.get('dotnet_total_memory_bytes', 0) / MIB:.0f}\t"
                    f"{g.get('dotnet_gc_last_collection_heap_size_bytes', 0) / MIB:.0f}\t"
                    f"{g.get('dotnet_gc_last_collection_memory_committed_size_bytes', 0) / MIB:.0f}\t"
                    f"{g.get('process_private_memory_bytes', 0) / MIB:.0f}\t{total}\t{top}\n")
        except Exception as e:  # the server stopping, or a slow answer: one row says so, the next sample tries again
            f.write(f"{started - t0:.0f}\t\t\t\t\t\t\terror: {str(e)[:120]}\n")
        f.flush()
        time.sleep(max(0.0, every - (time.time() - started)))
