#!/usr/bin/env bash
# Demo generation + load at scale 0.1 (3 runs) and 1.0 (1 run, --full-runs N for more), each forced, beside a
# baseline run in the same database: PostgreSQL copying the same rows server-side into tables of the same
# shape (constraints and spatial indexes included) with INSERT ... SELECT, i.e. the write cost without
# generation or the client. Prints a Markdown section for docs/benchmarks.md. Run through scripts/bench.
source "$(dirname "$0")/../lib.sh"
ensure_server >/dev/null 2>&1
DB="${GRIDGIS_BENCH_DBNAME:-gridgis_bench}"
FULL_RUNS="${DEMO_BENCH_FULL_RUNS:-1}"
LOG="$STATE/bench-demo.log"; : >"$LOG"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
spread() { sort -n | awk 'NR==1{min=$1} {max=$1} END {printf "%.1f-%.1f", min, max}'; }

# One forced load; prints "generation_s load_s".
load_once() {
  local out; out="$(timeout 1800 dotnet "$SERVER_DLL" demo --scale "$1" --force 2>&1)" || { echo "$out" >>"$LOG"; fail "demo load at scale $1 failed (log: $LOG)"; }
  echo "$out" >>"$LOG"
  echo "$out" | sed -nE 's/.*generation ([0-9.]+) s, load ([0-9.]+) s.*/\1 \2/p' | tail -1
}

# Baseline: server-side copy of the loaded demo rows into same-shaped tables, rolled back. Prints seconds.
baseline_once() {
  local t0 t1
  t0=$(date +%s.%N)
  timeout 1800 run_psql "$DB" >/dev/null <<'SQL'
begin;
create temp table b_household (like household including all) on commit drop;
insert into b_household select * from household;
create temp table b_walk_node (like walk_node including all) on commit drop;
insert into b_walk_node select * from walk_node;
create temp table b_walk_edge (like walk_edge including all) on commit drop;
insert into b_walk_edge select * from walk_edge;
create temp table b_grid (like grid including all) on commit drop;
insert into b_grid select * from grid;
create temp table b_community (like community including all) on commit drop;
insert into b_community select * from community;
rollback;
SQL
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", b - a}'
}

rows() { run_psql "$DB" -tAc "select (select count(*) from household) || ' households, ' || (select count(*) from walk_node) || ' nodes, ' || (select count(*) from walk_edge) || ' edges, ' || (select count(*) from grid) || ' grids'"; }

echo "## Demo generation and load"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%F)."
echo "Forced \`gridgis demo --scale S --force\` (Release): generation in Core, then delete + binary COPY + commit in one"
echo "transaction. Baseline: PostgreSQL itself copying the same household, network, grid and community rows into"
echo "same-shaped tables (constraints, GiST indexes) with INSERT ... SELECT, no client."
echo
echo "| scale | rows | runs | generation s (median, range) | load s (median, range) | baseline s (median) | load / baseline |"
echo "|---|---|---|---|---|---|---|"
for spec in "0.1 3" "1.0 $FULL_RUNS"; do
  read -r scale runs <<<"$spec"
  gen=(); load=(); base=()
  for ((i = 0; i < runs; i++)); do
    read -r g l <<<"$(load_once "$scale")"
    gen+=("$g"); load+=("$l")
    base+=("$(baseline_once)")
  done
  gm=$(printf '%s\n' "${gen[@]}" | median); gs=$(printf '%s\n' "${gen[@]}" | spread)
  lm=$(printf '%s\n' "${load[@]}" | median); ls_=$(printf '%s\n' "${load[@]}" | spread)
  bm=$(printf '%s\n' "${base[@]}" | median)
  ratio=$(awk -v l="$lm" -v b="$bm" 'BEGIN {printf "%.1f", (b > 0 ? l / b : 0)}')
  echo "| $scale | $(rows) | $runs | $gm ($gs) | $lm ($ls_) | $bm | $ratio |"
done
echo
echo "Full log: \`.gridgis/bench-demo.log\`. The load time includes deleting the previous demo."
