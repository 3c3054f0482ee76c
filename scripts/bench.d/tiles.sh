#!/usr/bin/env bash
# Benchmark: vector tiles. GET /tiles/{layer}/{z}/{x}/{y}.mvt for random tiles over the demo's extent
# (streets and facilities at zoom 14, grids at 15, network at 16), at 1, 10 and 50 concurrent clients on
# loopback (wrk, from Debian), uncached (a server with Tiles:CacheMegabytes=0: every tile made by
# PostGIS) and cached (a server whose cache the same tiles warmed), beside the bare ST_AsMVT query of
# the same layer for random tiles of the same ranges (pgbench, PostgreSQL's own load tool, same
# clients and seconds). Tiles per second and latency p50/p95 (ms). Bounded: TILES_BENCH_SECONDS per
# run (default 10, at most 60). Uses the loaded demo (loads it at scale 0.1 when the database has fewer
# than 1000 households). Prints a Markdown section for docs/benchmarks.md. Run through scripts/bench.
source "$GRIDGIS_ROOT/scripts/lib.sh"
ensure_server >/dev/null 2>&1
ensure_packages wrk
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
[ -n "$DB" ] || fail "GRIDGIS_DB_CS names no database"
SECS="${TILES_BENCH_SECONDS:-10}"; ((SECS >= 3 && SECS <= 60)) || fail "TILES_BENCH_SECONDS must be 3..60"
psqlq() { run_psql "$DB" -tA -c "set statement_timeout = '120s'" -c "$1" | tail -1; }
households="$(psqlq "select count(*) from household")"
if ((households < 1000)); then
  say "tiles: $households households; loading the demo at scale 0.1"
  timeout 1800 dotnet "$SERVER_DLL" demo --scale 0.1 >/dev/null 2>&1 || fail "demo load failed"
  households="$(psqlq "select count(*) from household")"
fi
work="$(mktemp -d)"; servers=""
cleanup() { for p in $servers; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The tile range (x0 x1 y0 y1) at zoom z over a table's extent.
range() {
  psqlq "with e as (select st_transform(st_setsrid(st_extent(geom)::geometry, 4326), 3857) b from $1),
         t as (select 40075016.68557849 / 2 ^ $2 as size, 20037508.342789244 as o)
         select floor((st_xmin(b) + o) / size)::int || ' ' || floor((st_xmax(b) + o) / size)::int || ' ' ||
                floor((o - st_ymax(b)) / size)::int || ' ' || floor((o - st_ymin(b)) / size)::int from e, t"
}

start_server() {   # cache megabytes -> "pid port"
  local port log
  port="$(python3 -c 'import random,socket
for _ in range(200):
    p = random.randint(20000, 29999); s = socket.socket()
    try: s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError: pass')"
  log="$STATE/bench-tiles-$port.log"
  (cd "$ROOT/server/GridGIS.Server" && Tiles__CacheMegabytes="$1" Coverage__RunAtStartup=false Coverage__Server=false \
     exec timeout 1800 dotnet "$SERVER_DLL" serve --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/auth/me")" = 401 ] && break; sleep 0.5; done
  echo "$pid $port"
}

password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account add bench-tiles planner >/dev/null 2>&1 \
  || GRIDGIS_NEW_PASSWORD="$password" timeout 120 dotnet "$SERVER_DLL" account password bench-tiles >/dev/null 2>&1 \
  || fail "could not create the benchmark account bench-tiles"

# wrk: random tiles of the range, bearer token; prints "tiles/s p50_ms p95_ms non2xx"
cat >"$work/tiles.lua" <<'LUA'
local layer, z, x0, x1, y0, y1 = os.getenv("T_LAYER"), os.getenv("T_Z"), tonumber(os.getenv("T_X0")), tonumber(os.getenv("T_X1")), tonumber(os.getenv("T_Y0")), tonumber(os.getenv("T_Y1"))
local token = os.getenv("T_TOKEN")
local bad = 0
request = function()
  local path = string.format("/tiles/%s/%s/%d/%d.mvt", layer, z, math.random(x0, x1), math.random(y0, y1))
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
response = function(status) if status ~= 200 then bad = bad + 1 end end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
LUA
wrk_run() {   # port clients -> result line
  T_TOKEN="$token" timeout $((SECS + 60)) wrk -t "$(( $2 < 2 ? 1 : 2 ))" -c "$2" -d "${SECS}s" --timeout 30s -s "$work/tiles.lua" "http://127.0.0.1:$1" | sed -n 's/^RESULT //p'
}
pgbench_run() {   # query-file clients -> "tiles/s p50 p95"
  local log="$work/pgb"; rm -f "$log".*
  local pw
  if [ -n "${GRIDGIS_DB:-}" ]; then pw="$(printf '%s' "$GRIDGIS_DB" | tr ';' '\n' | sed -nE 's/^ *Password *= *(.*)/\1/Ip')"
  else pw="$(cat "$STATE/db-password")"; fi
  (cd "$work" && PGPASSWORD="$pw" timeout $((SECS + 60)) "$PGBIN/pgbench" -n -M prepared -c "$2" -j "$(( $2 < 2 ? 1 : 2 ))" -T "$SECS" \
     -f "$1" -l --log-prefix="$log" $(pg_args) "$DB" >/dev/null 2>&1) || fail "pgbench failed"
  cat "$log".* | python3 -c '
import sys
lat = sorted(int(l.split()[2]) / 1000 for l in sys.stdin if l.strip())
secs = float(sys.argv[1])
p = lambda q: lat[min(len(lat) - 1, int(round(q / 100 * (len(lat) - 1))))]
print(f"{len(lat) / secs:.1f} {p(50):.2f} {p(95):.2f}")' "$SECS"
}
pg_args() {   # libpq connection options of the bench database's server
  if [ -n "${GRIDGIS_DB:-}" ]; then
    printf '%s' "$GRIDGIS_DB" | tr ';' '\n' | sed -nE 's/^ *Host *= *(.*)/-h \1/Ip; s/^ *Port *= *(.*)/-p \1/Ip; s/^ *(Username|User ID|User) *= *(.*)/-U \2/Ip'
  else echo "-h 127.0.0.1 -p $PGPORT_PRIVATE -U gridgis"; fi
}

declare -A out
layers=("streets street 14" "facilities facility 14" "grids grid 15" "network walk_edge 16")
for which in uncached cached; do
  read -r pid port <<<"$(start_server "$([ $which = uncached ] && echo 0 || echo 256)")"; servers="$servers $pid"
  token="$(curl -sf -X POST "http://127.0.0.1:$port/api/auth/token" -H 'content-type: application/json' \
    -d "{\"userName\":\"bench-tiles\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')" \
    || fail "sign-in failed (log: $STATE/bench-tiles-$port.log)"
  for l in "${layers[@]}"; do
    read -r layer table z <<<"$l"; read -r x0 x1 y0 y1 <<<"$(range "$table" "$z")"
    export T_LAYER="$layer" T_Z="$z" T_X0="$x0" T_X1="$x1" T_Y0="$y0" T_Y1="$y1"
    if [ $which = cached ]; then
      say "tiles: warming the cache with every $layer tile of zoom $z ($(( (x1 - x0 + 1) * (y1 - y0 + 1) )) tiles)"
      for x in $(seq "$x0" "$x1"); do for y in $(seq "$y0" "$y1"); do echo "url = \"http://127.0.0.1:$port/tiles/$layer/$z/$x/$y.mvt\""; done; done \
        | curl -s -o /dev/null -K - -H "Authorization: Bearer $token" --max-time 600 || true
    fi
    for c in 1 10 50; do
      say "tiles: $which, $layer z$z, $c clients, ${SECS} s"
      out[$which,$layer,$c]="$(wrk_run "$port" "$c")"
      if [ $which = uncached ]; then
        query="$(sed '/^--/d' "$ROOT/server/GridGIS.Server/Features/Ogc/Tile${layer^}.sql" | sed 's/\$1/:z/g; s/\$2/:x/g; s/\$3/:y/g')"
        printf '\\set z %s\n\\set x random(%s, %s)\n\\set y random(%s, %s)\n%s;\n' "$z" "$x0" "$x1" "$y0" "$y1" "$(echo "$query" | tr '\n' ' ')" >"$work/$layer.sql"
        say "tiles: bare ST_AsMVT, $layer z$z, $c clients, ${SECS} s"
        out[bare,$layer,$c]="$(pgbench_run "$work/$layer.sql" "$c")"
      fi
    done
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done

echo
echo "## Vector tiles: uncached, cached, and the bare ST_AsMVT query"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). Database: $households households ($DB). Random tiles over each layer's extent; ${SECS} s per run; wrk (HTTP, bearer token) and pgbench (the same tile query, prepared) with the same clients. Tiles per second, latency p50 / p95 in ms. Goals: p95 uncached within 1.5x the bare query; cached under 5 ms."
echo
echo "| layer | zoom | clients | bare ST_AsMVT t/s, p50 / p95 | uncached t/s, p50 / p95 | cached t/s, p50 / p95 | uncached p95 / bare p95 |"
echo "|---|---|---|---|---|---|---|"
for l in "${layers[@]}"; do
  read -r layer table z <<<"$l"
  for c in 1 10 50; do
    read -r bt bp50 bp95 <<<"${out[bare,$layer,$c]}"; read -r ut up50 up95 ue <<<"${out[uncached,$layer,$c]}"; read -r ct cp50 cp95 ce <<<"${out[cached,$layer,$c]}"
    echo "| $layer | $z | $c | $bt, $bp50 / $bp95 | $ut, $up50 / $up95 | $ct, $cp50 / $cp95 | $(python3 -c "print(f'{$up95 / $bp95:.2f}x' if $bp95 > 0 else '-')") |"
    [ "${ue:-0}" = 0 ] && [ "${ce:-0}" = 0 ] || echo "|  |  |  | errors: uncached $ue, cached $ce |  |  |  |"
  done
done
echo
