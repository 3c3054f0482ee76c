# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, start the private
# PostgreSQL cluster, create a database with PostGIS and pgRouting. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.gridgis"            # ignored by git: passwords, logs, built markers
PGDATA_DIR="$ROOT/.pgdata"        # ignored by git: the private cluster
PGPORT_PRIVATE="${GRIDGIS_PGPORT:-55432}"
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
  if as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    say "private cluster already running on port $PGPORT_PRIVATE"
  else
    say "starting the private cluster on 127.0.0.1:$PGPORT_PRIVATE"
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null \
      || { tail -20 "$PGDATA_DIR/server.log" >&2; fail "PostgreSQL did not start (log: $PGDATA_DIR/server.log)"; }
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
  sum="$(cd "$web" && find . -path ./node_modules -prune -o -type f -print | sort | xargs sha1sum | sha1sum | cut -c1-40)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$ROOT/server/GridGIS.Server/wwwroot/index.html" ]; then
    say "viewer up to date"; return
  fi
  say "building the viewer (npm ci + vite build)"
  (cd "$web" && { [ -d node_modules ] || timeout 900 npm ci --no-audit --no-fund --loglevel=error; } && timeout 600 npm run build --silent) \
    || fail "viewer build failed (viewer/web)"
  printf '%s' "$sum" >"$stamp"
}

SERVER_DLL="$ROOT/server/GridGIS.Server/bin/Release/net10.0/GridGIS.Server.dll"
gridgis() { dotnet "$SERVER_DLL" "$@"; }
