#!/usr/bin/env python3
"""Load generator for scripts/bench.d/load.sh (standard library only).

CLIENTS threads on loopback, each sending one request at a time for at most SECONDS or until MAX
requests in all, each request bounded by TIMEOUT seconds; client i signs its requests with token
i % len(TOKENS) (one account each). Client i sends one kind of request: every tenth client service
areas, the three after it the heatmap, the rest a plain layer (with one client, it takes turns over the
three; KIND=layer makes every client send the layer alone), so that the share of each kind stays the
same at every level. Service
areas and heatmap views vary over the allowed values (categories, bands, buffers; bboxes, zooms), so
that caches answer only what users would repeat. Prints one JSON object: per kind, the latencies'
p50/p95/p99 (ms) of the answered requests, and the counts of 2xx, 429, other statuses and failures
(timeouts, refused or reset connections).
"""
import http.client
import json
import sys
import threading
import time

base_port, tokens, clients, seconds, max_requests, timeout = (
    int(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
categories = sys.argv[7].split(",")
only = sys.argv[8] if len(sys.argv) > 8 else "mixed"

BANDS = ["5,10,15", "5,10,15,20", "5,10,15,30", "10,20", "15"]
BUFFERS = [25, 50, 100]
VIEWS = [(116.40 + dx * 0.04, 39.88 + dy * 0.04) for dx in range(4) for dy in range(4)]


def request(kind, n):
    if kind == "layer":
        return "/api/streets"
    if kind == "heatmap":
        lon, lat = VIEWS[n % len(VIEWS)]
        zoom = (13, 14, 15)[n // len(VIEWS) % 3]
        return f"/api/heatmap?metric=foreign&bbox={lon:.2f},{lat:.2f},{lon + 0.06:.2f},{lat + 0.05:.2f}&zoom={zoom}"
    c = categories[n % len(categories)]
    b = BANDS[n // len(categories) % len(BANDS)]
    f = BUFFERS[n // (len(categories) * len(BANDS)) % len(BUFFERS)]
    return f"/api/service-areas?category={c}&bands={b}&buffer={f}"


def kind_of(client, n):
    if only == "layer":
        return "layer"
    if clients == 1:
        return ("layer", "heatmap", "service-area")[n % 3]
    k = client % 10
    return "service-area" if k == 0 else "heatmap" if k <= 3 else "layer"


lock = threading.Lock()
sent = 0
stats = {k: {"ms": [], "ok": 0, "429": 0, "other": 0, "failed": 0} for k in ("layer", "heatmap", "service-area")}
deadline = time.monotonic() + seconds
counter = {"service-area": 0, "heatmap": 0}


def client_loop(i):
    global sent
    conn = None
    n = 0
    while time.monotonic() < deadline:
        with lock:
            if sent >= max_requests:
                return
            sent += 1
        kind = kind_of(i, n)
        n += 1
        with lock:
            seq = counter.get(kind, 0)
            if kind in counter:
                counter[kind] += 1
        path = request(kind, seq)
        s = stats[kind]
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=timeout)
            conn.request("GET", path, headers={"Authorization": "Bearer " + tokens[i % len(tokens)]})
            r = conn.getresponse()
            r.read()
            ms = (time.monotonic() - t0) * 1000
            with lock:
                if 200 <= r.status < 300:
                    s["ok"] += 1
                    s["ms"].append(ms)
                elif r.status == 429:
                    s["429"] += 1
                else:
                    s["other"] += 1
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            with lock:
                s["failed"] += 1
            if conn is not None:
                conn.close()
            conn = None


def pct(v, p):
    if not v:
        return None
    v = sorted(v)
    return round(v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))])


threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=max(0.0, deadline - time.monotonic()) + timeout + 5)
out = {}
lock.acquire()   # threads still waiting on a request past the deadline are not counted
for k, s in stats.items():
    out[k] = {"p50": pct(s["ms"], 50), "p95": pct(s["ms"], 95), "p99": pct(s["ms"], 99),
              "ok": s["ok"], "429": s["429"], "other": s["other"], "failed": s["failed"]}
print(json.dumps(out))
