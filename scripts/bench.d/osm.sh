#!/usr/bin/env bash
# OSM import benchmark: the Chaoyang demo's walking network written as an OpenStreetMap file (.osm XML from the
# database, then .osm.pbf with osmium-tool: one node per walk_node, one way per walk_edge, highway=* by the edge's kind,
# tagged generated), imported by `gridgis import-osm FILE.osm.pbf --replace` (read the PBF, apply the walking rules,
# split, COPY, spheroid lengths, audit, connectivity report; one transaction) into a database of its own, beside
# osm2pgsql (Debian's, default style, pgsql output, --slim off) importing the same file into another database in the same
# script. Nodes and ways per second of file content, 3 runs each, median. Prints a Markdown section for docs/benchmarks.md.
source "${GRIDGIS_ROOT:-$(dirname "$0")/../..}/scripts/lib.sh"
ensure_server >/dev/null 2>&1
ensure_packages osm2pgsql osmium-tool
[ -n "${GRIDGIS_DB_CS:-}" ] || fail "run through scripts/bench (GRIDGIS_DB_CS names the bench database)"
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
RUNS="${GRIDGIS_BENCH_OSM_RUNS:-3}"; ((RUNS >= 1 && RUNS <= 10)) || fail "GRIDGIS_BENCH_OSM_RUNS must be 1..10"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

has_demo="$(run_psql "$DB" -tA -c "select count(*) from dataset_meta where key = 'demo'" | tail -1)"
if [ "$has_demo" != "1" ]; then
  say "osm: loading the demo (scale 0.1; the network does not depend on the scale) into $DB"
  timeout 1800 dotnet "$SERVER_DLL" demo --scale 0.1 >&2 || fail "loading the demo failed"
fi

# The demo network as OSM XML: node ids = walk_node ids, way ids = walk_edge ids (the network is generated: said in the file).
say "osm: writing the demo network as .osm and .osm.pbf"
run_psql "$DB" -c "copy (select id, st_x(geom), st_y(geom) from walk_node order by id) to stdout" >"$work/nodes.tsv"
run_psql "$DB" -c "copy (select id, source, target, kind, oneway from walk_edge order by id) to stdout" >"$work/edges.tsv"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
highway = {"arterial": "primary", "street": "residential", "path": "footway", "gate": "footway"}
with open(f"{work}/demo.osm", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="GridGIS scripts/bench.d/osm.sh">\n')
    f.write('<!-- GENERATED: the Chaoyang demo\'s walking network (generated; source=OpenStreetMap ways in Wangjing, (c) OpenStreetMap contributors, ODbL) -->\n')
    for line in open(f"{work}/nodes.tsv"):
        i, lon, lat = line.split()
        f.write(f' <node id="{i}" version="1" lat="{float(lat):.7f}" lon="{float(lon):.7f}"/>\n')
    for line in open(f"{work}/edges.tsv"):
        i, s, t, kind, oneway = line.rstrip("\n").split("\t")
        tag = kind[4:] if kind.startswith("osm:") and kind != "osm:pedestrian_area" else highway.get(kind, "footway")   # real roads keep their class
        source = "OpenStreetMap" if kind.startswith("osm:") else "generated"
        ow = '<tag k="oneway:foot" v="yes"/>' if oneway == "t" else ""
        f.write(f' <way id="{i}" version="1"><nd ref="{s}"/><nd ref="{t}"/><tag k="highway" v="{tag}"/>'
                f'<tag k="source" v="{source}"/>{ow}</way>\n')
    f.write("</osm>\n")
PY
osmium cat "$work/demo.osm" -o "$work/demo.osm.pbf" --overwrite || fail "osmium cat failed"
nodes=$(wc -l <"$work/nodes.tsv"); ways=$(wc -l <"$work/edges.tsv"); kib=$(($(stat -c %s "$work/demo.osm.pbf") / 1024))

ensure_database gridgis_bench_osm; OURS_CS="$DB_CS"
ensure_database gridgis_bench_osm2pgsql
GRIDGIS_DB_CS="$OURS_CS" dotnet "$SERVER_DLL" migrate >/dev/null 2>&1 || fail "migrating gridgis_bench_osm failed"
if [ -n "${GRIDGIS_DB:-}" ]; then
  conninfo="$(printf '%s' "$GRIDGIS_DB" | tr ';' '\n' | sed -E 's/^ *Host *=/host=/I; s/^ *Port *=/port=/I; s/^ *(Username|User ID|User) *=/user=/I; s/^ *Password *=/password=/I; /^ *Database *=/Id' | grep -E '^(host|port|user|password)=' | tr '\n' ' ')"
else
  conninfo="host=127.0.0.1 port=$PGPORT_PRIVATE user=gridgis password=$(cat "$STATE/db-password")"
fi
ms() { echo $(($(date +%s%N) / 1000000)); }
ours=(); theirs=()
for r in $(seq 1 "$RUNS"); do
  t0=$(ms)
  GRIDGIS_DB_CS="$OURS_CS" timeout 900 dotnet "$SERVER_DLL" import-osm "$work/demo.osm.pbf" --replace >"$work/ours.log" 2>&1 \
    || { tail -20 "$work/ours.log" >&2; fail "import-osm run $r failed"; }
  t1=$(ms); ours+=($((t1 - t0)))
  t0=$(ms)
  timeout 900 osm2pgsql --create -d "$conninfo dbname=gridgis_bench_osm2pgsql" --cache 400 --number-processes 2 \
    -S /usr/share/osm2pgsql/default.style "$work/demo.osm.pbf" >"$work/theirs.log" 2>&1 || { tail -20 "$work/theirs.log" >&2; fail "osm2pgsql run $r failed"; }
  t1=$(ms); theirs+=($((t1 - t0)))
done
edges=$(run_psql gridgis_bench_osm -tA -c "select count(*) from walk_edge" | tail -1)
lines=$(run_psql gridgis_bench_osm2pgsql -tA -c "select count(*) from planet_osm_line" | tail -1)
[ "$edges" = "$ways" ] || fail "import-osm wrote $edges edges for $ways ways"
report="$(grep -E 'network: ' "$work/ours.log" | tail -1 | sed -E 's/.*network: //')"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
om=$(median "${ours[@]}"); tm=$(median "${theirs[@]}")
rate() { awk -v n="$1" -v ms="$2" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }
cat <<MD

## OSM import: the demo network as .osm.pbf, GridGIS beside osm2pgsql

$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg).
The Chaoyang demo's generated walking network written as OSM (one node per walk_node, one two-node way per walk_edge):
$nodes nodes, $ways ways, $kib KiB of .osm.pbf (osmium-tool $(osmium --version | head -1 | awk '{print $NF}')). $RUNS runs each, wall clock including
process start, median (all runs in ms: ours ${ours[*]}; osm2pgsql ${theirs[*]}).

| importer | what it writes | median | nodes/s | ways/s |
|---|---|---:|---:|---:|
| \`gridgis import-osm --replace\` | walk_node + walk_edge ($edges edges, spheroid lengths), audit row, connectivity report | $((om)) ms | $(rate "$nodes" "$om") | $(rate "$ways" "$om") |
| osm2pgsql $(osm2pgsql --version 2>&1 | head -1 | awk '{print $NF}') (default style, pgsql output, no --slim) | planet_osm_line ($lines rows), _point, _polygon, _roads with indexes | $((tm)) ms | $(rate "$nodes" "$tm") | $(rate "$ways" "$tm") |

Ratio osm2pgsql / GridGIS: $(awk -v a="$tm" -v b="$om" 'BEGIN {printf "%.2f", a / b}'). GridGIS's report on the imported network: $report.
MD
