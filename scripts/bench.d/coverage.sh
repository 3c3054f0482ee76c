#!/usr/bin/env bash
# Coverage run at the scale loaded in the bench database (scripts/bench loads nothing itself: run
# `scripts/bench demo` first, or `gridgis demo --scale 1.0`), end to end, every category:
#  1. in process, without Hangfire (tools/GridGIS.Bench `coverage`, a fresh process each time, the product's own
#     loader, CategoryRun and save): a cold run (every input
#     loaded: households and network by binary COPY, projection, residential cells, snapping), then a warm
#     run in the same process (inputs kept per data/network version); load, compute, write per phase;
#  2. through Hangfire, enqueue -> complete (the run row's created_at to finished_at: run creation, queueing,
#     every part, assembly), on a fresh `worker` process (2 threads), runs started by one long-lived
#     `coverage run --sequence` process (as the API and the nightly job start them): the cold run, then a warm
#     one, then the same fan-out as a no-op run (parts only do their bookkeeping: Hangfire's own overhead);
#     and a no-op started by a fresh command (its .NET start-up included);
#  3. baseline: PostGIS counting one category's households within the straight-line radius (st_dwithin).
#  4. the language-aware part (issue 19): the in-process cold run of 1. again with --no-languages (no nationalities
#     loaded, no language results computed or written), its baseline: the language part's share of the cold run.
# Prints a Markdown section for docs/benchmarks.md. COVERAGE_BENCH_RUNS (default 3, at most 10) repeats 1-4;
# MODE network|euclidean (default network). Every step has a timeout.
source "$(dirname "$0")/../lib.sh"
ensure_server >/dev/null 2>&1
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
RUNS="${COVERAGE_BENCH_RUNS:-3}"; ((RUNS >= 1 && RUNS <= 10)) || fail "COVERAGE_BENCH_RUNS must be 1..10"
MODE="${MODE:-network}"
LOG="$STATE/bench-coverage.log"; : >"$LOG"
BENCH_DLL="$ROOT/tools/GridGIS.Bench/bin/Release/net10.0/GridGIS.Bench.dll"
[ -f "$BENCH_DLL" ] || fail "no $BENCH_DLL: build the solution first (scripts/bench builds it)"
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
spread() { sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%.2f-%.2f", min, max}'; }
households=$(run_psql "$DB" -tAc "select count(*) from household")
((households > 0)) || fail "no households in $DB: load the demo first (scripts/bench demo)"
edges=$(run_psql "$DB" -tAc "select count(*) from walk_edge"); cats=$(run_psql "$DB" -tAc "select count(*) from facility_category")
facilities=$(run_psql "$DB" -tAc "select count(*) from facility"); grids=$(run_psql "$DB" -tAc "select count(*) from grid")

# 1. In process.
inproc=()
for ((i = 1; i <= RUNS; i++)); do
  out="$(timeout 900 dotnet "$BENCH_DLL" coverage --mode "$MODE" 2>>"$LOG")" || fail "the coverage benchmark failed (log: $LOG)"
  echo "$out" >>"$LOG"; while read -r l; do inproc+=("$l"); done <<<"$(grep '^pass=' <<<"$out")"
done
val() { for l in "${inproc[@]}" "${nolang[@]}"; do [[ "$l" == "pass=$1 "* ]] && echo "$l" | tr ' ' '\n' | sed -n "s/^$2=//p"; done; }
row() { echo "| $1 | $(val "$2" "$3" | median) | $(val "$2" "$3" | spread) |"; }

# 4. The same in-process cold run without the language-aware part (a fresh process each time, as in 1.).
nolang=()
for ((i = 1; i <= RUNS; i++)); do
  out="$(timeout 900 dotnet "$BENCH_DLL" coverage --mode "$MODE" --no-languages 2>>"$LOG")" || fail "the coverage benchmark --no-languages failed (log: $LOG)"
  echo "$out" >>"$LOG"; while read -r l; do nolang+=("${l/pass=cold/pass=nolang}"); done <<<"$(grep '^pass=cold' <<<"$out")"
done
foreign_hh=$(run_psql "$DB" -tAc "select count(*) from household where foreign_residents > 0")
lang_cats=$(run_psql "$DB" -tAc "select count(*) from facility_category where language_applies")

# 2. Through Hangfire: a fresh worker process per repetition. The runs are started and waited for by one
# `coverage run --sequence` process, as the server's API and nightly job start them (from a running process):
# an untimed no-op (the worker is up and polling; it loads nothing, so the next run is cold), the cold run, a warm
# run, and the no-op run of the same fan-out (Hangfire's own overhead). Then one more no-op started by a fresh
# command, to show what a command's own start-up adds. Each run is timed as its row records it: created -> finished.
seconds_of() {
  [[ "$1" =~ ^[0-9]+$ ]] || fail "coverage run printed no run id (log: $LOG)"
  run_psql "$DB" -tA -v id="$1" <<<"select extract(epoch from finished_at - created_at) from coverage_run where id = :'id'::bigint and state = 'complete'"
}
cold=(); warm=(); noop=(); fresh=()
for ((i = 1; i <= RUNS; i++)); do
  Coverage__Workers=2 Coverage__QueuePollSeconds=0.2 Coverage__RunAtStartup=false timeout 1800 dotnet "$SERVER_DLL" worker >>"$LOG" 2>&1 &
  WORKER=$!
  trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT
  ids=($(timeout 1800 dotnet "$SERVER_DLL" coverage run --mode "$MODE" --sequence no-op,run,run,no-op --timeout 900 2>>"$LOG")) \
    || fail "coverage run --sequence failed (log: $LOG)"
  ((${#ids[@]} == 4)) || fail "coverage run --sequence printed ${#ids[@]} run ids, not 4 (log: $LOG)"
  cold+=("$(seconds_of "${ids[1]}")"); warm+=("$(seconds_of "${ids[2]}")"); noop+=("$(seconds_of "${ids[3]}")")
  id="$(timeout 900 dotnet "$SERVER_DLL" coverage run --mode "$MODE" --wait --no-op --timeout 900 2>>"$LOG" | tail -1)" \
    || fail "coverage run --no-op failed (log: $LOG)"
  fresh+=("$(seconds_of "$id")")
  kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null || true; trap - EXIT
done

# 3. Baseline: households within one category's straight-line radius (15 min at 4 km/h over detour 1.3 = 769 m),
# with the geometry index (a 0.0125 degree box) and the exact geography distance.
base=()
for ((i = 1; i <= RUNS; i++)); do
  t0=$(date +%s.%N)
  PGOPTIONS="-c statement_timeout=900s" run_psql "$DB" -tA >>"$LOG" <<'SQL' || fail "baseline query failed (log: $LOG)"
select count(distinct h.id)
from facility f
join household h on st_dwithin(h.geom, f.geom, 0.0125) and st_dwithin(h.geom::geography, f.geom::geography, 1000 / 1.3)
where f.category_code = 'health_station';
SQL
  t1=$(date +%s.%N); base+=("$(echo "$t1 - $t0" | bc -l)")
done

m() { printf '%s\n' "$@" | median; }
s() { printf '%s\n' "$@" | spread; }
cold_m=$(m "${cold[@]}"); noop_m=$(m "${noop[@]}"); base_m=$(m "${base[@]}")
cat <<MD

## Coverage run (issue 4)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Data: $households households, $grids grids, $facilities facilities in $cats categories, $edges walking edges. Mode: $MODE.
$RUNS repetitions each; median and spread (min-max), seconds. Cold: first run in a fresh process, every input loaded;
warm: the next run in the same process (households, residential cells, network and snapping kept per data/network version).

| what | median s | spread s |
|---|---|---|
$(row "cold load: households (binary COPY), residential cells$([ "$MODE" = network ] && echo ", network (binary COPY) + snapping"), facilities" cold load_s)
$(row "cold compute: every category (reach, coverage, E2SFCA, gaps), parallel on $(nproc) cores" cold compute_s)
$(row "cold compute, CPU seconds of the process (all cores)" cold compute_cpu_s)
$(row "cold write: every category, one statement each" cold write_s)
$(row "**cold run in process (load + compute + write)**" cold total_s)
$(row "warm load (facilities only)" warm load_s)
$(row "warm compute" warm compute_s)
$(row "warm write" warm write_s)
$(row "**warm run in process**" warm total_s)
| **cold run through Hangfire** (fresh worker process, 2 threads; run created -> complete) | **$cold_m** | $(s "${cold[@]}") |
| warm run through Hangfire (same worker, next run) | $(m "${warm[@]}") | $(s "${warm[@]}") |
| same fan-out, no-op parts (Hangfire's own overhead) | $noop_m | $(s "${noop[@]}") |
| the same no-op started by a fresh \`coverage run\` command (its .NET start-up included) | $(m "${fresh[@]}") | $(s "${fresh[@]}") |
| baseline: PostGIS, ONE category (health_station), households within 769 m (st_dwithin) | $base_m | $(s "${base[@]}") |

Where the cold compute goes (seconds summed over the parts, i.e. over both cores; medians): $(for p in facility_searches served_cells analysis gaps wkb; do printf '%s %s; ' "$p" "$(val cold "c_$p" | median)"; done)
the parts (categories) took $(val cold parts_s | head -1 | tr ',' ' ') s in the first cold run.
Where the cold load goes (seconds, medians): $(for p in households prepare network_wait snap_households snap_cells index; do printf '%s %s; ' "$p" "$(val cold "l_$p" | median)"; done)

Hangfire overhead: $(echo "scale=1; 100 * $noop_m / $cold_m" | bc -l)% of the cold run through Hangfire (target < 10%); with a fresh command's start-up, $(echo "scale=1; 100 * $(m "${fresh[@]}") / $cold_m" | bc -l)%.
Runs through Hangfire are started by one long-lived \`coverage run --sequence\` process, as the API and the nightly job start them.
Cold run through Hangfire, all $cats categories, against the PostGIS baseline for one category: $(echo "scale=2; $cold_m / $base_m" | bc -l)x its time.
Targets (issue 4): whole run < 10 s, compute < 1 s. Gap boundaries are accurate to one 50 m cell.

Language-aware part (issue 19): $foreign_hh households with foreign residents; language applies to $lang_cats of $cats categories.

| what | median s | spread s |
|---|---|---|
$(row "cold run in process, with the language-aware part (as above)" cold total_s)
$(row "cold run in process, without it (\`--no-languages\`: the baseline)" nolang total_s)
$(row "cold compute with it" cold compute_s)
$(row "cold compute without it" nolang compute_s)
$(row "cold write with it" cold write_s)
$(row "cold write without it" nolang write_s)

The language-aware part adds $(echo "scale=1; 100 * ($(val cold total_s | median) - $(val nolang total_s | median)) / $(val nolang total_s | median)" | bc -l)% to the cold run in process (goal < 20 %): $(echo "scale=3; $(val cold total_s | median) / $(val nolang total_s | median)" | bc -l)x the baseline.
Its own phases in the cold run (seconds summed over the parts, medians): loading nationalities $(val cold l_languages | median); language coverage, gaps and staffing plans $(val cold c_language | median); their WKB $(val cold c_language_wkb | median); Gini and Palma per street (all categories) $(val cold c_equity | median).
MD
