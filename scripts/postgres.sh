#!/usr/bin/env bash
# Starts a private PostgreSQL cluster in DATA_DIR (initdb on first use) on a free loopback port and
# prints its connection string. postgres refuses to run as root, so as root it runs as 'postgres'.
#   usage: scripts/postgres.sh start DATA_DIR [durable|fast]    (fast: fsync off, for tests only)
#          scripts/postgres.sh stop DATA_DIR
#          scripts/postgres.sh crash DATA_DIR     (pg_ctl stop -m immediate: recovery runs at the next start)
# A restart keeps the cluster's port when it is still free, so clients' connection strings stay valid.
set -euo pipefail
action=${1:?start|stop}; dir=$(realpath -m "${2:?data dir}"); mode=${3:-durable}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$action" = stop ] || [ "$action" = crash ]; then
  how=fast; [ "$action" = crash ] && how=immediate
  [ -s "$dir/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$dir" -m "$how" -w stop >/dev/null || true
  exit 0
fi

if [ ! -s "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  chmod 700 "$dir"
  as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  port=$(cat "$dir/.port")
else
  port=
  free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  [ -s "$dir/.port" ] && free "$(cat "$dir/.port")" && port=$(cat "$dir/.port")
  [ -n "$port" ] || for candidate in $(shuf -i 20000-60000 -n 50); do
    if free "$candidate"; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "no free port found" >&2; exit 1; }
  opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=200"
  [ "$mode" = fast ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  opts="$opts ${POSTGRES_EXTRA_OPTS:-}"   # e.g. the bench's -c shared_preload_libraries=pg_stat_statements
  echo "$port" > "$dir/.port"
  as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null
fi
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
