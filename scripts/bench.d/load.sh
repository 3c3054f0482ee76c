#!/usr/bin/env bash
# Benchmark: the server under load. A plain layer (GET /api/streets), the heatmap and category service
# areas mixed (6 clients in 10 on the layer, 3 on the heatmap, 1 on service areas; one client takes turns),
# at 1, 10, 25 and 50 concurrent clients on loopback, signed in as 10 planners (client i as planner i % 10),
# after one client asking the layer alone (its single-client time), against the server as
# it was before the hardening (main at 8d4431d, built in a temporary git worktree under the state folder)
# on the same database, each on its own random loopback port, run one after the other with the same load.
# Per level and kind: p50/p95/p99 of the answered requests (ms) and the counts of 2xx, 429, other
# statuses and failures. Bounded: LOAD_BENCH_SECONDS per level (default 20, at most 60), at most
# LOAD_BENCH_MAX requests per level (default 3000), each request under 60 s. The worktree of the old
# build is removed at the end (LOAD_BENCH_KEEP_BEFORE=1 keeps it for the next run).
# Uses the loaded demo (loads it at scale 0.1 when the database has fewer than 1000 households).
# Prints a Markdown section for docs/benchmarks.md. Run through scripts/bench.
source "$GRIDGIS_ROOT/scripts/lib.sh"
ensure_server >/dev/null 2>&1
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
[ -n "$DB" ] || fail "GRIDGIS_DB_CS names no database"
SECONDS_PER_LEVEL="${LOAD_BENCH_SECONDS:-20}"; ((SECONDS_PER_LEVEL >= 5 && SECONDS_PER_LEVEL <= 60)) || fail "LOAD_BENCH_SECONDS must be 5..60"
MAX="${LOAD_BENCH_MAX:-3000}"; ((MAX >= 10 && MAX <= 20000)) || fail "LOAD_BENCH_MAX must be 10..20000"
BEFORE_COMMIT="${LOAD_BENCH_BEFORE:-8d4431d}"
psqlq() { run_psql "$DB" -tA -c "set statement_timeout = '120s'" -c "$1" | tail -1; }

households="$(psqlq "select count(*) from household")"
if ((households < 1000)); then
  say "load: $households households; loading the demo at scale 0.1"
  timeout 1800 dotnet "$SERVER_DLL" demo --scale 0.1 >/dev/null 2>&1 || fail "demo load failed"
  households="$(psqlq "select count(*) from household")"
fi
categories="$(psqlq "select string_agg(code, ',' order by code) from facility_category")"

# The server before the change: its own build in a temporary worktree (removed at the end).
before="$STATE/bench-load-before"
before_dll="$before/server/GridGIS.Server/bin/Release/net10.0/GridGIS.Server.dll"
drop_before() { (cd "$ROOT" && git worktree remove --force "$before" 2>/dev/null) || rm -rf "$before"; (cd "$ROOT" && git worktree prune); }
cleanup() {
  for p in ${servers:-}; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ "${LOAD_BENCH_KEEP_BEFORE:-0}" = 1 ] || drop_before
}
servers=""
trap cleanup EXIT
want="$(cd "$ROOT" && git rev-parse "$BEFORE_COMMIT")"
if [ ! -f "$before_dll" ] || [ "$(git -C "$before" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
  [ -d "$before" ] && drop_before
  (cd "$ROOT" && git worktree add --detach "$before" "$BEFORE_COMMIT" >/dev/null 2>&1) || fail "could not check out $BEFORE_COMMIT into $before"
  say "load: building the server at $BEFORE_COMMIT"
  (cd "$before" && timeout 1200 dotnet build server/GridGIS.Server -c Release -nologo -v q -clp:ErrorsOnly >/dev/null) || fail "build of $BEFORE_COMMIT failed"
fi

ACCOUNTS=10
password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
for a in $(seq 1 $ACCOUNTS); do
  GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account add "bench-load-$a" planner >/dev/null 2>&1 \
    || GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account password "bench-load-$a" >/dev/null 2>&1 \
    || fail "could not create the benchmark account bench-load-$a"
done

# Starts a server (dll, folder) on a random free loopback port 20000-29999; prints "pid port".
start_server() {
  local dll="$1" dir="$2" port log
  port="$(python3 -c 'import random,socket
for _ in range(200):
    p = random.randint(20000, 29999); s = socket.socket()
    try: s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError: pass')"
  log="$STATE/bench-load-$port.log"
  (cd "$dir" && Coverage__RunAtStartup=false Coverage__Server=false exec timeout 1800 dotnet "$dll" serve --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/auth/me")" = 401 ] && break; sleep 0.5; done
  echo "$pid $port"
}
sign_in() {   # port -> the accounts' tokens, comma-separated
  local a t tokens=""
  for a in $(seq 1 $ACCOUNTS); do
    t="$(curl -sf -X POST "http://127.0.0.1:$1/api/auth/token" -H 'content-type: application/json' \
      -d "{\"userName\":\"bench-load-$a\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')" || return 1
    tokens="$tokens${tokens:+,}$t"
  done
  echo "$tokens"
}
rss_mb() { awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$(pgrep -P "$1" -f GridGIS.Server.dll | head -1)/status" 2>/dev/null || echo "?"; }

declare -A result
for which in before after; do
  if [ "$which" = before ]; then read -r pid port <<<"$(start_server "$before_dll" "$before/server/GridGIS.Server")"
  else read -r pid port <<<"$(start_server "$SERVER_DLL" "$ROOT/server/GridGIS.Server")"; fi
  servers="$servers $pid"
  tokens="$(sign_in "$port")" || fail "sign-in failed on the $which server (log: $STATE/bench-load-$port.log)"
  token="${tokens%%,*}"
  # warm-up: the network and the first heatmap loaded once, not counted
  curl -s -o /dev/null --max-time 120 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/nearest?lon=116.47&lat=39.99" || true
  curl -s -o /dev/null --max-time 120 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/heatmap?metric=foreign&bbox=116.40,39.88,116.46,39.93&zoom=13" || true
  say "load: $which server, the layer alone, 1 client, ${SECONDS_PER_LEVEL} s"
  result[$which,alone]="$(timeout $((SECONDS_PER_LEVEL + 120)) python3 "$ROOT/scripts/bench.d/load.py" "$port" "$tokens" 1 "$SECONDS_PER_LEVEL" "$MAX" 60 "$categories" layer)" \
    || fail "load generator failed ($which, the layer alone)"
  for c in 1 10 25 50; do
    say "load: $which server, $c clients, ${SECONDS_PER_LEVEL} s"
    result[$which,$c]="$(timeout $((SECONDS_PER_LEVEL + 120)) python3 "$ROOT/scripts/bench.d/load.py" "$port" "$tokens" "$c" "$SECONDS_PER_LEVEL" "$MAX" 60 "$categories")" \
      || fail "load generator failed ($which, $c clients)"
    sleep 3   # let requests the generator left behind end before the next level
  done
  result[$which,rss]="$(rss_mb "$pid")"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done

echo
echo "## Load: a layer, the heatmap and service areas mixed, 1 to 50 concurrent clients"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). Database: $households households ($DB). $ACCOUNTS planner accounts (client i as account i % $ACCOUNTS); ${SECONDS_PER_LEVEL} s per level (at most $MAX requests); each request under 60 s. Clients: 6 in 10 on GET /api/streets, 3 on GET /api/heatmap (16 views x 3 zooms), 1 on GET /api/service-areas (every category x 5 band sets x 3 buffers); one client takes turns. before = main at $BEFORE_COMMIT, after = this tree; same database, one server at a time. Latencies of answered (2xx) requests, ms; ok / 429 / other status / failed (timeout, reset)."
echo
echo "| server | clients | layer p50 / p95 / p99 | layer ok/429/other/failed | heatmap p50 / p95 / p99 | heatmap ok/429/other/failed | service area p50 / p95 / p99 | service area ok/429/other/failed |"
echo "|---|---|---|---|---|---|---|---|"
for which in before after; do
  for c in alone 1 10 25 50; do
    python3 - "$which" "$c" "${result[$which,$c]}" <<'PY'
import json, sys
which, c, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
c = "1, layer alone" if c == "alone" else c
f = lambda s: " / ".join("-" if s[k] is None else str(s[k]) for k in ("p50", "p95", "p99"))
n = lambda s: f'{s["ok"]}/{s["429"]}/{s["other"]}/{s["failed"]}'
print(f"| {which} | {c} | " + " | ".join(f"{f(d[k])} | {n(d[k])}" for k in ("layer", "heatmap", "service-area")) + " |")
PY
  done
done
echo
python3 - "${result[after,alone]}" "${result[after,50]}" "${result[before,alone]}" "${result[before,50]}" <<'PY'
import json, sys
a1, a50, b1, b50 = (json.loads(x) for x in sys.argv[1:])
def ratio(one, fifty):
    return None if not one["layer"]["p95"] or not fifty["layer"]["p95"] else fifty["layer"]["p95"] / one["layer"]["p95"]
ra, rb = ratio(a1, a50), ratio(b1, b50)
fmt = lambda r: "-" if r is None else f"{r:.1f}x"
print(f"Layer p95 at 50 clients (mixed) over its p95 alone with one client: after {fmt(ra)}, before {fmt(rb)} (goal: under 10x). "
      f"Expensive requests refused with 429 at 50 clients, after: heatmap {a50['heatmap']['429']}, service areas {a50['service-area']['429']}.")
PY
echo "Peak resident memory of the server process: before ${result[before,rss]} MB, after ${result[after,rss]} MB."
echo
