#!/usr/bin/env bash
# Export benchmark: `gridgis export` of the demo's grids (polygons) and walking network (lines) as GeoJSON, CSV,
# zipped Shapefile and GeoPackage (query, 7-decimal rounding, ring order, the writer, the zip), against the baseline of
# GDAL's ogr2ogr reading the same rows from PostGIS and writing the same format (no rounding, no ring order, no zip).
# Both are fresh processes: the .NET start-up (`gridgis help`) is measured apart. Uses the loaded demo (loads it at
# scale 0.1 when the database has no grids). GRIDGIS_BENCH_RUNS runs each (default 3); prints a Markdown section.
source "${GRIDGIS_ROOT:-$(dirname "$0")/../..}/scripts/lib.sh"
ensure_server >/dev/null 2>&1
[ -n "${GRIDGIS_DB_CS:-}" ] || fail "run through scripts/bench (GRIDGIS_DB_CS names the bench database)"
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
RUNS="${GRIDGIS_BENCH_RUNS:-3}"; ((RUNS >= 1 && RUNS <= 10)) || fail "GRIDGIS_BENCH_RUNS must be 1..10"
psqlq() { run_psql "$DB" -tA -c "$1" | tail -1; }
if (($(psqlq "select count(*) from grid") == 0)); then
  say "export: no grids; loading the demo at scale 0.1"
  timeout 1800 dotnet "$SERVER_DLL" demo --scale 0.1 >/dev/null 2>&1 || fail "demo load failed"
fi
# GDAL's PostgreSQL connection from the Npgsql connection string.
kv() { printf '%s' "$GRIDGIS_DB_CS" | tr ';' '\n' | sed -nE "s/^ *($1) *= *(.*)$/\\2/Ip" | head -1; }
pg="PG:host=$(kv Host) port=$(kv Port) dbname=$DB user=$(kv 'Username|User ID|User') password=$(kv Password)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int((NR+1)/2)], a[1], a[NR]}'; }
declare -A sql=(
  [grids]="select g.geom, g.id, g.code, c.code as community_code, g.kind, g.name from grid g join community c on c.id = g.community_id order by g.id"
  [network]="select geom, id, source, target, length_m, oneway, kind from walk_edge order by id"
)
declare -A driver=([geojson]="GeoJSON" [csv]="CSV" [shp]="ESRI Shapefile" [gpkg]="GPKG")
start=(); for r in $(seq 1 "$RUNS"); do t0=$(ms); dotnet "$SERVER_DLL" help >/dev/null 2>&1; start+=($(($(ms) - t0))); done
read -r sm _ _ <<<"$(stats "${start[@]}")"
rows=""
for layer in grids network; do
  count=$(psqlq "select count(*) from $( [ $layer = grids ] && echo grid || echo walk_edge )")
  for f in geojson csv shp gpkg; do
    ours=(); base=()
    for r in $(seq 1 "$RUNS"); do
      rm -rf "$work"/*
      t0=$(ms); timeout 600 dotnet "$SERVER_DLL" export "$layer" --format "$f" --out "$work/ours.$f" >/dev/null 2>&1 || fail "export $layer $f failed"
      ours+=($(($(ms) - t0)))
      size=$(stat -c %s "$work/ours.$f")
      opts=(); [ "$f" = csv ] && opts=(-lco GEOMETRY=AS_WKT)
      t0=$(ms); timeout 600 ogr2ogr -f "${driver[$f]}" "${opts[@]}" "$work/gdal_out.$f" "$pg" -sql "${sql[$layer]}" -nln "$layer" >/dev/null 2>&1 \
        || fail "ogr2ogr $layer $f failed"
      base+=($(($(ms) - t0)))
    done
    read -r om omin omax <<<"$(stats "${ours[@]}")"
    read -r bm bmin bmax <<<"$(stats "${base[@]}")"
    rows+="| $layer ($count) | $f | $om ($omin..$omax) | $bm ($bmin..$bmax) | $(awk -v a="$om" -v b="$bm" 'BEGIN{printf "%.2f", a / b}') | $((size / 1024)) |"$'\n'
  done
done
cat <<MD

## Export: files out (\`scripts/bench export\`)

$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at the end
$(cut -d' ' -f1-3 /proc/loadavg). $RUNS runs each, median (min..max) wall clock in ms of a fresh process: \`gridgis export LAYER
--format F\` (.NET start-up alone: $sm ms) against \`ogr2ogr\` reading the same rows from PostGIS into the same format.

| layer (features) | format | gridgis export ms | ogr2ogr ms | ratio | file KiB |
| --- | --- | --- | --- | --- | --- |
$rows
MD
