# Sourced by scripts/run --city nanjing (after ensure_server, the builds and `gridgis migrate`): sets up the Nanjing
# extract as a second city in its own database, following docs/new-city.md step by step. Idempotent: each step runs
# only when its table is empty (a marker row in dataset_meta records the files' seed), and says what it does.
NANJING_OSM="$ROOT/data/osm/nanjing_xinjiekou.osm"
NANJING_FILES="$STATE/nanjing-files"
# The city profile (docs/new-city.md, step 2): Nanjing, CGCS2000 3-degree zone 120E, China's time zone, Xuanwu's code.
export City__Name="南京 (Xinjiekou extract; generated boundaries and households)" City__MetricEpsg=4549 \
       City__TimeZone=Asia/Shanghai City__CodePrefix=320102
count() { run_psql "$DBNAME" -tAc "select count(*) from $1"; }
[ -f "$NANJING_OSM" ] || fail "missing $NANJING_OSM (data/osm/README.md)"
if [ ! -s "$NANJING_FILES/streets.geojson" ]; then
  say "nanjing: writing generated boundary and household files (GCJ-02) into $NANJING_FILES"
  gridgis city-files "$NANJING_OSM" "$NANJING_FILES" --district 320102 --name 南京新街口 --households 6000
else say "nanjing: generated files present in $NANJING_FILES"; fi
for layer in streets communities grids; do
  table="${layer%s}"; [ "$layer" = communities ] && table=community
  if [ "$(count "$table")" = 0 ]; then say "nanjing: importing $layer (GCJ-02)"; gridgis import "$layer" "$NANJING_FILES/$layer.geojson" --crs gcj02
  else say "nanjing: $layer present ($(count "$table"))"; fi
done
if [ "$(count walk_edge)" = 0 ]; then say "nanjing: importing the walking network from OSM"; gridgis import-osm "$NANJING_OSM" --replace
else say "nanjing: walking network present ($(count walk_edge) edges)"; fi
if [ "$(run_psql "$DBNAME" -tAc "select count(*) from facility where source = 'osm'")" = 0 ]; then
  say "nanjing: facilities from OSM by the tag mapping (preview, then import)"
  gridgis import-osm-facilities "$NANJING_OSM" --preview
  gridgis import-osm-facilities "$NANJING_OSM" --replace
else say "nanjing: OSM facilities present ($(count facility))"; fi
if [ "$(count basemap_feature)" = 0 ]; then say "nanjing: basemap features from OSM"; gridgis import-osm-basemap "$NANJING_OSM" --replace area
else say "nanjing: basemap present ($(count basemap_feature) features)"; fi
if [ "$(count household)" = 0 ]; then say "nanjing: importing the generated households (GCJ-02)"; gridgis import-households "$NANJING_FILES/households.csv" --crs GCJ-02
else say "nanjing: households present ($(count household))"; fi
say "nanjing: ready; the first coverage run starts with the server (Coverage:RunAtStartup)"
