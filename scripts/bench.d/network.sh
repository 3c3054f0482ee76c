#!/usr/bin/env bash
# Benchmark: the walking-network engine (GridGIS.Core/Network) beside pgRouting and PostGIS, same
# database, same run: nearest-facility time for every node (multi-source pass vs pgr_drivingDistance
# with equicost and vs one call per facility), snapping every household (vs PostGIS <-> KNN), all
# service-area polygons of one category, and the category's dissolved 5/10/15-minute bands (vs
# pgr_drivingDistance + ST_Union(ST_Buffer(...)), once, under a statement timeout of the budget). Uses the full-scale demo (scale 1, ~0.8 million households),
# loading it into the benchmark database when it is not there yet. Prints a Markdown section for
# docs/benchmarks.md. Bounded: GRIDGIS_BENCH_RUNS runs per measurement (default 15, at most 50),
# each measurement under GRIDGIS_BENCH_BUDGET seconds (default 60), samples for the slow baselines.
source "$GRIDGIS_ROOT/scripts/lib.sh"
ensure_server >/dev/null 2>&1
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
[ -n "$DB" ] || fail "GRIDGIS_DB_CS names no database"
RUNS="${GRIDGIS_BENCH_RUNS:-15}"; ((RUNS >= 1 && RUNS <= 50)) || fail "GRIDGIS_BENCH_RUNS must be 1..50"
BUDGET="${GRIDGIS_BENCH_BUDGET:-60}"
scale="$(run_psql "$DB" -tA -c "select coalesce((select value->>'scale' from dataset_meta where key = 'demo'), '0')" | tail -1)"
if [ "$scale" != "1" ]; then
  say "network: loading the full-scale demo (scale 1) into $DB (takes a few minutes)"
  timeout 3600 dotnet "$SERVER_DLL" demo --scale 1 --force >&2 || fail "loading the demo failed"
fi
run_psql "$DB" -c "vacuum analyze walk_edge" -c "vacuum analyze walk_node" -c "vacuum analyze household" >/dev/null
BENCH_DLL="$ROOT/tools/GridGIS.Bench/bin/Release/net10.0/GridGIS.Bench.dll"
[ -f "$BENCH_DLL" ] || fail "no $BENCH_DLL: build the solution first (scripts/bench builds it)"
timeout 3600 dotnet "$BENCH_DLL" network --runs "$RUNS" --budget "$BUDGET" ${GRIDGIS_BENCH_NETWORK_ARGS:-}
