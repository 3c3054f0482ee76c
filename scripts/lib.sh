# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, start the private
# PostgreSQL cluster, create a database with PostGIS and pgRouting. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The state folder: passwords, logs, built markers (default .gridgis/, ignored by git). A script sourced
# from another (scripts/bench.d/*) keeps its caller's folder, though GRIDGIS_STATE_DIR then names the
# server's sub-folder (bench/, test/).
STATE="${GRIDGIS_SCRIPTS_STATE:-${GRIDGIS_STATE_DIR:-$ROOT/.gridgis}}"
export GRIDGIS_SCRIPTS_STATE="$STATE"
PGDATA_DIR="$ROOT/.pgdata"        # ignored by git: the private cluster
PGPORT_DEFAULT=55432
# The private cluster's port: GRIDGIS_PGPORT, else the one a former run picked (state folder), else 55432.
PGPORT_PRIVATE="${GRIDGIS_PGPORT:-$(cat "$STATE/pgport" 2>/dev/null || echo "$PGPORT_DEFAULT")}"
PGBIN=/usr/lib/postgresql/15/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$STATE"; chmod 700 "$STATE"

say()  { printf '\033[1m[gridgis]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31m[gridgis] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Debian packages the project needs; installed only when missing.
ensure_packages() {
  local want=("$@") missing=()
  for p in "${want[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  ((${#missing[@]})) || { say "packages present: ${want[*]}"; return; }
  [ "$(id -u)" = 0 ] || command -v sudo >/dev/null || fail "need root (or sudo) to install: ${missing[*]}"
  local SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  say "installing from Debian: ${missing[*]}"
  timeout 900 $SUDO apt-get update -qq || fail "apt-get update failed (is the Debian mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive timeout 1800 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$STATE/apt.log" 2>&1 \
    || { tail -20 "$STATE/apt.log" >&2; fail "apt-get install ${missing[*]} failed (log: $STATE/apt.log)"; }
}

# Runs a command as the cluster owner: PostgreSQL refuses to run as root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# True when something listens on 127.0.0.1:$1 (a listener on any address answers there too).
port_taken() {
  if command -v ss >/dev/null; then [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] && return 0; fi
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# What listens on port $1, for a message: the process and pid, and a PostgreSQL's data directory.
port_holder() {
  local line pid name dir
  command -v ss >/dev/null || { echo "another process (iproute2's ss would say which)"; return; }
  line="$(ss -Hltnp "sport = :$1" 2>/dev/null | head -1)"
  pid="$(printf '%s' "$line" | sed -nE 's/.*pid=([0-9]+).*/\1/p')"
  name="$(printf '%s' "$line" | sed -nE 's/.*users:\(\("([^"]+)".*/\1/p')"
  [ -n "$pid" ] || { echo "a process this user cannot see (ss shows no owner)"; return; }
  # A postmaster's working directory is its data directory.
  dir="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
  if [ -n "$dir" ] && [ -f "$dir/PG_VERSION" ]; then
    echo "${name:-process} (pid $pid), the PostgreSQL cluster in $dir"
  else
    echo "${name:-process} (pid $pid)"
  fi
}

# Chooses the port before the private cluster starts: a port held by another process is refused when
# GRIDGIS_PGPORT named it, else the next free one is taken and remembered in $STATE/pgport.
choose_port() {
  port_taken "$PGPORT_PRIVATE" || return 0
  local holder; holder="$(port_holder "$PGPORT_PRIVATE")"
  [ -z "${GRIDGIS_PGPORT:-}" ] || fail "port $PGPORT_PRIVATE (GRIDGIS_PGPORT) is taken by $holder: set GRIDGIS_PGPORT to a free port"
  local p
  for ((p = PGPORT_PRIVATE + 1; p < PGPORT_PRIVATE + 100; p++)); do
    if ! port_taken "$p"; then
      say "port $PGPORT_PRIVATE is taken by $holder; the private cluster uses port $p instead (remembered in $STATE/pgport; GRIDGIS_PGPORT sets another)"
      PGPORT_PRIVATE="$p"; printf '%s\n' "$p" >"$STATE/pgport"; return 0
    fi
  done
  fail "port $PGPORT_PRIVATE is taken by $holder and the next 99 ports are taken too: set GRIDGIS_PGPORT to a free port"
}

# Sets ADMIN_CS (superuser connection string without database). With GRIDGIS_DB set, uses that server.
ensure_server() {
  if [ -n "${GRIDGIS_DB:-}" ]; then
    say "using the server named by GRIDGIS_DB"
    ADMIN_CS="$GRIDGIS_DB"; return
  fi
  ensure_packages postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting
  local pwfile="$STATE/db-password"
  if [ ! -s "$pwfile" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$pwfile")
  fi
  local pw; pw="$(cat "$pwfile")"
  # The cluster runs as 'postgres'; if that user cannot reach the project folder (a clone under
  # /root, say), keep the cluster in postgres's home instead, and say so.
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$ROOT"; then
    PGDATA_DIR="/var/lib/postgresql/gridgis-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    say "user postgres cannot enter $ROOT; keeping the private cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"; chown postgres:postgres "$PGDATA_DIR"
  fi
  if as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    # Running already: its port is the one in postmaster.pid (line 4), whatever was chosen before.
    PGPORT_PRIVATE="$(sed -n 4p "$PGDATA_DIR/postmaster.pid")"
    say "private cluster already running on port $PGPORT_PRIVATE"
    [ -z "${GRIDGIS_PGPORT:-}" ] || [ "$GRIDGIS_PGPORT" = "$PGPORT_PRIVATE" ] \
      || say "(not on GRIDGIS_PGPORT=$GRIDGIS_PGPORT: stop it, $PGBIN/pg_ctl -D $PGDATA_DIR stop, to move it)"
  else
    choose_port
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $PGDATA_DIR (port $PGPORT_PRIVATE, 127.0.0.1 only)"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA_DIR"
    local tmppw; tmppw="$(mktemp)"; printf '%s' "$pw" >"$tmppw"; [ "$(id -u)" = 0 ] && chown postgres "$tmppw"
    as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U gridgis --pwfile="$tmppw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
      || { rm -f "$tmppw"; cat "$STATE/initdb.log" >&2; fail "initdb failed"; }
    rm -f "$tmppw"
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT_PRIVATE
unix_socket_directories = '$PGDATA_DIR'
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
max_connections = 200
fsync = off                 # a private development cluster: speed over crash safety
synchronous_commit = off
full_page_writes = off
CONF
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    say "starting the private cluster on 127.0.0.1:$PGPORT_PRIVATE"
    # The port on the command line wins over postgresql.conf's (written when the cluster was created).
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -o "-p $PGPORT_PRIVATE" -w -t 60 start >/dev/null \
      || { tail -20 "$PGDATA_DIR/server.log" >&2; fail "PostgreSQL did not start on port $PGPORT_PRIVATE (log: $PGDATA_DIR/server.log)"; }
  fi
  ADMIN_CS="Host=127.0.0.1;Port=$PGPORT_PRIVATE;Username=gridgis;Password=$pw"
}

# psql against the admin connection; $1 database, rest passed on.
run_psql() {
  local db="$1"; shift
  if [ -n "${GRIDGIS_DB:-}" ]; then
    # Turn the Npgsql connection string into libpq keywords.
    local kv; kv="$(printf '%s' "$GRIDGIS_DB" | tr ';' '\n' | sed -E 's/^ *Host *=/host=/I; s/^ *Port *=/port=/I; s/^ *(Username|User ID|User) *=/user=/I; s/^ *Password *=/password=/I; /^ *Database *=/Id' | grep -E '^(host|port|user|password)=' | tr '\n' ' ')"
    psql "$kv dbname=$db" -v ON_ERROR_STOP=1 -q -X "$@"
  else
    PGPASSWORD="$(cat "$STATE/db-password")" psql -h 127.0.0.1 -p "$PGPORT_PRIVATE" -U gridgis -d "$db" -v ON_ERROR_STOP=1 -q -X "$@"
  fi
}

# Creates database $1 with PostGIS and pgRouting when missing; sets DB_CS.
ensure_database() {
  local db="$1"
  if ! run_psql postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    say "creating database $db"
    run_psql postgres -c "create database \"$db\""
  fi
  run_psql "$db" -c "create extension if not exists postgis; create extension if not exists pgrouting;" 2>&1 | grep -v NOTICE || true
  DB_CS="$(printf '%s' "$ADMIN_CS" | sed -E 's/;? *Database *=[^;]*//I');Database=$db"
}

dotnet_build() {
  say "building the solution (Release)"
  (cd "$ROOT" && timeout 1200 dotnet build GridGIS.sln -c Release -nologo -v q -clp:ErrorsOnly) || fail "dotnet build failed"
}

# Builds the web viewer into the server's static files when its sources changed.
build_viewer() {
  local web="$ROOT/viewer/web"
  [ -f "$web/package.json" ] || { say "no viewer/web yet; skipping the viewer build"; return; }
  local stamp="$STATE/viewer.stamp" sum
  # The packages: installed again whenever package-lock.json differs from the one they were installed from.
  if ! cmp -s "$web/package-lock.json" "$web/node_modules/.gridgis-package-lock.json"; then
    say "installing the viewer's packages (npm ci)"
    (cd "$web" && timeout 900 npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.gridgis-package-lock.json) \
      || fail "npm ci failed (viewer/web)"
  fi
  sum="$(cd "$web" && find . -path ./node_modules -prune -o -type f -print | sort | xargs sha1sum | sha1sum | cut -c1-40)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$ROOT/server/GridGIS.Server/wwwroot/index.html" ]; then
    say "viewer up to date"; return
  fi
  say "building the viewer (vite build)"
  (cd "$web" && timeout 600 npm run build --silent) \
    || fail "viewer build failed (viewer/web)"
  printf '%s' "$sum" >"$stamp"
}

SERVER_DLL="$ROOT/server/GridGIS.Server/bin/Release/net10.0/GridGIS.Server.dll"
gridgis() { dotnet "$SERVER_DLL" "$@"; }
