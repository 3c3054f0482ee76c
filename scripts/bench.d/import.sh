#!/usr/bin/env bash
# Import benchmark: a walking network of a 150 x 150 lattice (44,700 LineString edges, CSV with WKT)
# through `gridgis import network` (read, validate, merge endpoints into nodes, COPY, audit, one
# transaction), against the baseline of moving the same file into PostGIS with psql's \copy and one
# INSERT ... SELECT (no validation, no nodes). 5 runs each; prints a Markdown section.
source "${GRIDGIS_ROOT:-$(dirname "$0")/../..}/scripts/lib.sh"
ensure_server
[ -n "${GRIDGIS_DB_CS:-}" ] || fail "run through scripts/bench (GRIDGIS_DB_CS names the bench database)"
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
RUNS=5; N=150
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
csv="$work/network.csv"
# Placed at 100E 30N, away from the demo's Beijing data, so that nothing stored merges with it.
python3 - "$csv" "$N" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2]); step = 0.0005
with open(path, "w") as f:
    f.write("wkt,kind\n")
    for i in range(n):
        for j in range(n):
            x, y = 100 + i * step, 30 + j * step
            if i + 1 < n: f.write(f'"LINESTRING({x:.6f} {y:.6f}, {x + step:.6f} {y:.6f})",bench_import\n')
            if j + 1 < n: f.write(f'"LINESTRING({x:.6f} {y:.6f}, {x:.6f} {y + step:.6f})",bench_import\n')
PY
edges=$(($(wc -l <"$csv") - 1)); bytes=$(stat -c %s "$csv")
cleanup_sql="delete from walk_edge where kind = 'bench_import';
  delete from walk_node n where st_x(n.geom) between 99.99 and 100.1 and st_y(n.geom) between 29.99 and 30.1
     and not exists (select 1 from walk_edge e where n.id in (e.source, e.target));"
run_psql "$DB" -c "$cleanup_sql" >/dev/null
ms() { echo $(($(date +%s%N) / 1000000)); }
import_ms=(); base_ms=()
for r in $(seq 1 $RUNS); do
  t0=$(ms); timeout 600 dotnet "$SERVER_DLL" import network "$csv" >/dev/null 2>&1 || fail "import run $r failed"; t1=$(ms)
  import_ms+=($((t1 - t0)))
  nodes=$(run_psql "$DB" -At -c "select count(*) from walk_node where st_x(geom) between 99.99 and 100.1 and st_y(geom) between 29.99 and 30.1")
  [ "$nodes" = $((N * N)) ] || fail "import run $r made $nodes nodes, expected $((N * N))"
  run_psql "$DB" -c "$cleanup_sql" >/dev/null
  t0=$(ms)
  run_psql "$DB" <<SQL >/dev/null
create temp table bench_csv (wkt text, kind text);
\copy bench_csv from '$csv' with (format csv, header)
create temp table bench_edge as
  select st_geomfromtext(wkt, 4326)::geometry(LineString, 4326) as geom, kind,
         st_length(st_geomfromtext(wkt, 4326)::geography) as length_m from bench_csv;
SQL
  t1=$(ms); base_ms+=($((t1 - t0)))
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%d %d %d", a[int((NR+1)/2)], a[1], a[NR]}'; }
read -r im imin imax <<<"$(stats "${import_ms[@]}")"
read -r bm bmin bmax <<<"$(stats "${base_ms[@]}")"
cat <<MD

## Import: walking network from CSV

$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). A ${N} x ${N} lattice:
$edges LineString edges, $((N * N)) nodes after merging, $((bytes / 1024)) KiB of CSV (WKT). $RUNS runs each, wall clock
including process start.

| what | median | min .. max |
| --- | --- | --- |
| \`gridgis import network\` (parse, validate, merge endpoints, COPY, audit, one transaction) | $im ms | $imin .. $imax ms |
| baseline: psql \`\\copy\` + one INSERT ... SELECT with geography length (no checks, no nodes) | $bm ms | $bmin .. $bmax ms |
| ratio import / baseline | $(awk -v a="$im" -v b="$bm" 'BEGIN {printf "%.2f", a / b}') | |
MD
