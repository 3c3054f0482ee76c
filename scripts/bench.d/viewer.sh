#!/usr/bin/env bash
# Benchmark: the web viewer on the full-scale demo (scale 1, ~0.8 million households), in real headless
# Chromium (tests/GridGIS.Viewer.Tests, Category=Bench): first paint (with the basemap), frame times while
# panning and zooming (requestAnimationFrame gaps and Chromium's long-animation-frame entries), and zooming
# into three dense places at zoom 14 and 16, beside the same API requests fetched by a plain HttpClient in
# the same run; and all of it again for the viewer as it is on main (built from main's commit into a
# folder of its own and served by the same server through ASPNETCORE_WEBROOT), the baseline of this run.
# Loads the full-scale demo into the benchmark database when it is not there. Prints a Markdown
# section for docs/benchmarks.md. Bounded: GRIDGIS_BENCH_RUNS runs per measurement (default 5, at most
# 20), the whole run under 30 minutes.
source "$GRIDGIS_ROOT/scripts/lib.sh"
ensure_packages chromium fonts-noto-cjk
ensure_server >/dev/null 2>&1
build_viewer
DB="$(printf '%s' "$GRIDGIS_DB_CS" | sed -nE 's/.*Database *= *([^;]*).*/\1/Ip')"
[ -n "$DB" ] || fail "GRIDGIS_DB_CS names no database"
scale="$(run_psql "$DB" -tA -c "select coalesce((select value->>'scale' from dataset_meta where key = 'demo'), '0')" | tail -1)"
if [ "$scale" != "1" ]; then
  say "viewer: loading the full-scale demo (scale 1) into $DB (takes a few minutes)"
  timeout 3600 dotnet "$SERVER_DLL" demo --scale 1 --force >&2 || fail "loading the demo failed"
fi
households="$(run_psql "$DB" -tA -c "select count(*) from household" | tail -1)"
# A state folder of its own: the planner's password is set anew for this run (never printed).
vstate="$(mktemp -d)"; trap 'rm -rf "$vstate"' EXIT; chmod 700 "$vstate"
pw="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
if ! run_psql "$DB" -tA -c "select 1 from app_user where user_name = 'planner'" | grep -q 1; then
  GRIDGIS_NEW_PASSWORD="$pw" gridgis account add planner planner >/dev/null 2>&1 || fail "could not create the planner account"
else
  GRIDGIS_NEW_PASSWORD="$pw" gridgis account password planner >/dev/null 2>&1 || fail "could not set the planner's password"
fi
printf 'planner planner %s\n' "$pw" >"$vstate/demo-accounts.txt"
out="$vstate/viewer.md"
# The baseline: the viewer of main's commit (the merge base), built with this checkout's packages.
base="$(cd "$GRIDGIS_ROOT" && git merge-base HEAD main 2>/dev/null || true)"
outBase="$vstate/viewer-main.md"
if [ -n "$base" ]; then
  say "viewer: building main's viewer ($base) for the baseline"
  mkdir -p "$vstate/main"
  (cd "$GRIDGIS_ROOT" && git archive "$base" viewer/web) | tar -x -C "$vstate/main"
  ln -s "$GRIDGIS_ROOT/viewer/web/node_modules" "$vstate/main/viewer/web/node_modules"
  (cd "$vstate/main/viewer/web" && timeout 600 npx vite build --outDir "$vstate/main-www" --emptyOutDir >&2) || fail "building main's viewer failed"
  say "viewer: measuring main's viewer in headless Chromium ($households households)"
  ASPNETCORE_WEBROOT="$vstate/main-www" GRIDGIS_BENCH_LABEL="main, $(printf '%.8s' "$base")" \
  GRIDGIS_TEST_DB="$GRIDGIS_DB_CS" GRIDGIS_STATE_DIR="$vstate" GRIDGIS_BENCH_OUT="$outBase" Coverage__RunAtStartup=false \
    timeout 1800 dotnet test "$GRIDGIS_ROOT/tests/GridGIS.Viewer.Tests" -c Release --no-build -nologo -v q \
    --filter "Category=Bench" >&2 || fail "the viewer benchmark of main's viewer failed (see above)"
fi
say "viewer: measuring in headless Chromium ($households households)"
GRIDGIS_BENCH_LABEL="this checkout, $(cd "$GRIDGIS_ROOT" && git rev-parse --short=8 HEAD)" \
GRIDGIS_TEST_DB="$GRIDGIS_DB_CS" GRIDGIS_STATE_DIR="$vstate" GRIDGIS_BENCH_OUT="$out" Coverage__RunAtStartup=false \
  timeout 1800 dotnet test "$GRIDGIS_ROOT/tests/GridGIS.Viewer.Tests" -c Release --no-build -nologo -v q \
  --filter "Category=Bench" >&2 || fail "the viewer benchmark failed (see above)"
cat <<MD

## Web viewer on the full-scale demo (\`scripts/bench viewer\`), measured $(date -u +'%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end), $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); Debian Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless, 1400x900.
Data: $DB, generated demo scale $scale, $households households. Median (min-max, n) of ${GRIDGIS_BENCH_RUNS:-5} runs each; each zoom starts
from a reload at the district view, so its layers are fetched anew.

$(cat "$out")

$( [ -s "$outBase" ] && cat "$outBase" )

Target: first paint under 1 s with the basemap; frame time under 50 ms while panning and zooming. The zoom rows show the full-scale demo stays responsive: layers are
fetched by view and zoom (bbox requests), never the whole 0.8 million households.
MD
