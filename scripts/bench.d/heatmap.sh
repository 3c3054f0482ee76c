#!/usr/bin/env bash
# Benchmark: GET /api/heatmap (whole cells of the fixed lattice built over every household, cached per
# data version; small groups merged or withheld in Core; GeoJSON out) through the real server, at three zoom levels over the whole
# district, against a baseline in the same database: the plain bbox count of the same households
# (select count(*) from household where geom && bbox), i.e. the read without binning, Core or HTTP.
# Uses the loaded demo (loads it at scale 0.1 when the database has fewer than 1000 households).
# Bounded: GRIDGIS_BENCH_RUNS runs per case (default 5, at most 10), each request under 120 s.
# Prints a Markdown section for docs/benchmarks.md. Run through scripts/bench.
source "$GRIDGIS_ROOT/scripts/lib.sh"
ensure_server >/dev/null 2>&1
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
[ -n "$DB" ] || fail "GRIDGIS_DB_CS names no database"
RUNS="${GRIDGIS_BENCH_RUNS:-5}"; ((RUNS >= 1 && RUNS <= 10)) || fail "GRIDGIS_BENCH_RUNS must be 1..10"
PORT="${GRIDGIS_HEATMAP_BENCH_PORT:-5109}"
BBOX="116.35,39.80,116.65,40.10"   # Chaoyang and around, WGS84
psqlq() { run_psql "$DB" -tA -c "set statement_timeout = '120s'" -c "$1" | tail -1; }

households="$(psqlq "select count(*) from household")"
if ((households < 1000)); then
  say "heatmap: $households households; loading the demo at scale 0.1"
  timeout 1800 dotnet "$SERVER_DLL" demo --scale 0.1 >/dev/null 2>&1 || fail "demo load failed"
  households="$(psqlq "select count(*) from household")"
fi
user="bench-heatmap"; password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account add "$user" planner >/dev/null 2>&1 \
  || GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account password "$user" >/dev/null 2>&1 \
  || fail "could not create the benchmark account"

log="$STATE/bench-heatmap-server.log"
(cd "$ROOT/server/GridGIS.Server" && exec timeout 1800 dotnet "$SERVER_DLL" serve --urls "http://127.0.0.1:$PORT") >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
# Up when an unauthenticated call is refused with 401 (at most 60 s).
for _ in $(seq 1 120); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/auth/me")" = 401 ] && break; sleep 0.5; done
token="$(curl -sf -X POST "http://127.0.0.1:$PORT/api/auth/token" -H 'content-type: application/json' \
  -d "{\"userName\":\"$user\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')" \
  || fail "sign-in failed (server log: $log)"

stats() { python3 -c 'import sys,statistics as s; v=sorted(map(float,sys.argv[1:])); print(f"{s.median(v)*1000:.0f} {v[0]*1000:.0f} {v[-1]*1000:.0f}")' "$@"; }
base=(); for _ in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N); psqlq "select count(*) from household where geom && st_makeenvelope(${BBOX}, 4326)" >/dev/null; t1=$(date +%s.%N)
  base+=("$(echo "$t1 - $t0" | bc -l)")
done
read -r bm blo bhi <<<"$(stats "${base[@]}")"

echo
echo "## Heatmap cells (GET /api/heatmap)"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). Database: $households households ($DB). View: bbox $BBOX, metric foreign, as a planner (suppression on). $RUNS runs each; the first request of each zoom is a warm-up, not counted."
echo
echo "| case | cells | cell size m | median ms | min-max ms | ratio to baseline |"
echo "|---|---|---|---|---|---|"
echo "| baseline: plain bbox count in psql | - | - | $bm | $blo-$bhi | 1.0 |"
for zoom in 11 13 15; do
  url="http://127.0.0.1:$PORT/api/heatmap?metric=foreign&bbox=$BBOX&zoom=$zoom"
  curl -sf -H "Authorization: Bearer $token" --max-time 120 "$url" -o "$STATE/bench-heatmap.json" || fail "heatmap request failed (zoom $zoom; log: $log)"
  times=(); for _ in $(seq 1 "$RUNS"); do
    times+=("$(curl -sf -H "Authorization: Bearer $token" --max-time 120 -o /dev/null -w '%{time_total}' "$url")")
  done
  read -r cells size <<<"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["features"]), int(d["cellSizeM"]))' "$STATE/bench-heatmap.json")"
  read -r m lo hi <<<"$(stats "${times[@]}")"
  echo "| zoom $zoom | $cells | $size | $m | $lo-$hi | $(python3 -c "print(f'{$m/max($bm,1):.1f}')") |"
done
echo
