#!/usr/bin/env bash
# Scenarios and suggested sites (issue 16) on the full-scale demo (about 0.8 million households; loaded here into the
# bench database when it holds fewer than 700,000), in process with the product's own code (tools/GridGIS.Bench
# `siting`), one category (SITING_CATEGORY, default health_station), network mode:
#  - baseline: a full computation of the category with a facility really added (CategoryRun, what a coverage run's
#    part computes for it), once per site;
#  - one edit adding the same facility to a scenario (one bounded search + the households it reaches), checked equal
#    to the baseline unit by unit; goal < 200 ms;
#  - the default candidates' searches and k = 10 greedy (goal < 5 s); the exact MIP solver (SCIP through OR-Tools) for k = 5 and 10 under a
#    time limit (SITING_TIME_LIMIT, default 60 s): its time, status and optimality gap.
# The sites: a point inside each of the SITING_REPEAT (default 5) largest gaps. Prints a Markdown section for docs/benchmarks.md.
source "$(dirname "$0")/../lib.sh"
ensure_server >/dev/null 2>&1
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
CATEGORY="${SITING_CATEGORY:-health_station}"
REPEAT="${SITING_REPEAT:-5}"; ((REPEAT >= 1 && REPEAT <= 20)) || fail "SITING_REPEAT must be 1..20"
LIMIT="${SITING_TIME_LIMIT:-60}"; ((LIMIT >= 1 && LIMIT <= 600)) || fail "SITING_TIME_LIMIT must be 1..600 seconds"
LOG="$STATE/bench-siting.log"; : >"$LOG"
BENCH_DLL="$ROOT/tools/GridGIS.Bench/bin/Release/net10.0/GridGIS.Bench.dll"
[ -f "$BENCH_DLL" ] || fail "no $BENCH_DLL: build the solution first (scripts/bench builds it)"
households=$(run_psql "$DB" -tAc "select count(*) from household")
if ((households < 700000)); then
  say "loading the full-scale demo into $DB (it holds $households households)"
  timeout 3600 dotnet "$SERVER_DLL" demo --scale 1.0 --force >>"$LOG" 2>&1 || fail "full-scale demo load failed (log: $LOG)"
fi
out="$(timeout 3600 dotnet "$BENCH_DLL" siting --category "$CATEGORY" --repeat "$REPEAT" --time-limit "$LIMIT" 2>>"$LOG")" || fail "the siting benchmark failed (log: $LOG)"
echo "$out" >>"$LOG"
median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
spread() { sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%.3f-%.3f", min, max}'; }
field() { grep "^line=$1 " <<<"$out" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
exact() { grep "^line=exact k=$1 " <<<"$out" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
full_m=$(field edit full_s | median); edit_m=$(field edit edit_ms | median)
cat <<MD

## Scenarios and suggested sites (issue 16)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Data: $(field setup households) households; category $CATEGORY: $(field setup facilities) facilities, threshold $(field setup threshold_s) s, network mode.
Setup (once per run and category, cached by the data version): inputs loaded $(field setup load_s) s; the base (one search per
facility) $(field setup base_s) s, $(field setup pairs) facility-household pairs, about $(field setup base_mb) MB.

| what | median | spread | n |
|---|---|---|---|
| baseline: full computation of the category with the facility really added (CategoryRun), s | $full_m | $(field edit full_s | spread) | $REPEAT |
| **one edit: add that facility to a scenario, ms** (goal < 200) | **$edit_m** | $(field edit edit_ms | spread) | $REPEAT |
| edit equal to the baseline in every unit (households covered) | $(field edit equal | sort -u | tr '\n' ' ') | | $REPEAT |
| default candidates: choosing them, s | $(field problem candidates_s) | | 1 |
| default candidates: one search each ($(field problem candidates) candidates, $(field problem demands) uncovered households reached), s | $(field problem searches_s) | | 1 |
| **k = 10 greedy (lazy), s** (goal < 5, with the searches above: $(echo "$(field problem searches_s) + $(field greedy greedy_s)" | bc -l)) | **$(field greedy greedy_s)** | | 1 |
| exact k = 5 (MIP, SCIP, $LIMIT s limit): s / status / gap / objective vs greedy | $(exact 5 exact_s) / $(exact 5 status) / $(exact 5 gap) / $(exact 5 objective) vs $(exact 5 greedy) | | 1 |
| exact k = 10 (MIP, SCIP, $LIMIT s limit): s / status / gap / objective vs greedy | $(exact 10 exact_s) / $(exact 10 status) / $(exact 10 gap) / $(exact 10 objective) vs $(exact 10 greedy) | | 1 |

One edit against the full computation: $(echo "scale=1; 1000 * $full_m / $edit_m" | bc -l)x faster. Households newly covered per site: $(field edit newly | tr '\n' ' ').
Demand groups after merging households covered by the same candidates: k=5 $(exact 5 groups), k=10 $(exact 10 groups).
MD
