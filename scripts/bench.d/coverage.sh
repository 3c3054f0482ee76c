#!/usr/bin/env bash
# Coverage run at the scale loaded in the bench database (scripts/bench loads nothing itself: run
# `scripts/bench demo` first, or `gridgis demo --scale 1.0`), end to end, every category:
#  1. in process, without Hangfire (`coverage bench`): load (binary COPY), compute, write, per phase;
#  2. through Hangfire: one `worker` process (2 threads), `coverage run --wait`, wall time;
#  3. the same fan-out as a no-op run (`--no-op`: parts only do their bookkeeping): Hangfire's own overhead;
#  4. baseline: PostGIS computing one category's Euclidean coverage per grid in one SQL statement.
# Prints a Markdown section for docs/benchmarks.md. COVERAGE_BENCH_RUNS (default 3) repeats 1-3; MODE network|euclidean.
source "$(dirname "$0")/../lib.sh"
ensure_server >/dev/null 2>&1
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
RUNS="${COVERAGE_BENCH_RUNS:-3}"; MODE="${MODE:-network}"
LOG="$STATE/bench-coverage.log"; : >"$LOG"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
spread() { sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%.2f-%.2f", min, max}'; }
households=$(run_psql "$DB" -tAc "select count(*) from household")
((households > 0)) || fail "no households in $DB: load the demo first (scripts/bench demo)"
edges=$(run_psql "$DB" -tAc "select count(*) from walk_edge"); cats=$(run_psql "$DB" -tAc "select count(*) from facility_category")
facilities=$(run_psql "$DB" -tAc "select count(*) from facility"); grids=$(run_psql "$DB" -tAc "select count(*) from grid")

inproc=(); e2e=(); noop=()
for ((i = 1; i <= RUNS; i++)); do
  line="$(timeout 900 dotnet "$SERVER_DLL" coverage bench --mode "$MODE" 2>>"$LOG")" || fail "coverage bench failed (log: $LOG)"
  echo "$line" >>"$LOG"; inproc+=("$line")
done
val() { for l in "${inproc[@]}"; do echo "$l" | tr ' ' '\n' | sed -n "s/^$1=//p"; done; }

# Through Hangfire: one worker process on the bench database; runs are timed by `coverage run --wait`.
Coverage__Workers=2 Coverage__QueuePollSeconds=0.2 Coverage__RunAtStartup=false timeout 1800 dotnet "$SERVER_DLL" worker >>"$LOG" 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT
sleep 3
timed_run() {   # prints the wall seconds of one run through Hangfire
  local t0 t1; t0=$(date +%s.%N)
  Coverage__QueuePollSeconds=0.2 timeout 900 dotnet "$SERVER_DLL" coverage run --mode "$MODE" --wait --timeout 900 "$@" >>"$LOG" 2>&1 \
    || fail "coverage run $* failed (log: $LOG)"
  t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l
}
for ((i = 1; i <= RUNS; i++)); do e2e+=("$(timed_run)"); noop+=("$(timed_run --no-op)"); done
kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null || true; trap - EXIT

# Baseline: one category's straight-line coverage per grid (radius = 15 min at 4 km/h / 1.3) in PostGIS.
base=()
for ((i = 1; i <= RUNS; i++)); do
  t0=$(date +%s.%N)
  timeout 900 run_psql "$DB" >/dev/null <<'SQL'
select h.grid_id, count(*), count(*) filter (where exists (
         select 1 from facility f where f.category_code = 'health_station'
         and st_dwithin(f.geom::geography, h.geom::geography, 1000 / 1.3)))
from household h group by h.grid_id;
SQL
  t1=$(date +%s.%N); base+=("$(echo "$t1 - $t0" | bc -l)")
done

m() { printf '%s\n' "$@" | median; }
s() { printf '%s\n' "$@" | spread; }
total_m=$(val total_s | median); e2e_m=$(m "${e2e[@]}"); noop_m=$(m "${noop[@]}")
cat <<MD

## Coverage run (issue 4)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); shared with other
processes while measured. Data: $households households, $grids grids, $facilities facilities in $cats categories, $edges walking edges.
Mode: $MODE. $RUNS runs each; median (min-max), seconds.

| what | median s | spread s |
|---|---|---|
| load: households (binary COPY), facilities, grids union$([ "$MODE" = network ] && echo ", network (binary COPY) + snapping") | $(val load_s | median) | $(val load_s | spread) |
| compute: every category (reach, coverage, E2SFCA, gaps) | $(val compute_s | median) | $(val compute_s | spread) |
| write: every category, one statement each | $(val write_s | median) | $(val write_s | spread) |
| **whole run in process (load + compute + write)** | **$total_m** | $(val total_s | spread) |
| whole run through Hangfire (1 worker process, 2 threads, \`coverage run --wait\`) | $e2e_m | $(s "${e2e[@]}") |
| same fan-out, no-op parts (Hangfire's own overhead) | $noop_m | $(s "${noop[@]}") |
| baseline: PostGIS, ONE category, Euclidean coverage per grid (st_dwithin) | $(m "${base[@]}") | $(s "${base[@]}") |

Hangfire overhead: $(echo "scale=1; 100 * $noop_m / $e2e_m" | bc -l)% of the run through Hangfire (target < 10%).
Whole run vs the one-category PostGIS baseline: $(echo "scale=2; $total_m / $(m "${base[@]}")" | bc -l)x its time for all $cats categories.
Targets (issue 4): whole run < 10 s, compute < 1 s.
MD
