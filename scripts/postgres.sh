#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark, in a temporary folder, on a free port.
#   scripts/postgres.sh start DIR   initdb + pg_ctl start; prints the URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   scripts/postgres.sh createdb DIR NAME   makes database NAME in it; prints its URL
#   scripts/postgres.sh stop DIR    stops the cluster and removes DIR
# Installs Debian's postgresql when it is missing. PostgreSQL refuses to run as root: as root the cluster runs as
# the `postgres` system user (Debian's package makes it), owning DIR. Authentication is `trust` on loopback and the
# cluster's own socket in DIR only: a test cluster, never one for data that matters.
set -euo pipefail

command=${1:?start or stop}
dir=${2:?a folder for the cluster}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "[postgres] installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
      chown postgres "$dir"
    fi
    chmod 700 "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    # fsync stays on (the default): the durability tests kill servers, and what PostgreSQL acknowledged must stay.
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=300\" start >/dev/null"
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  createdb)
    name=${3:?a database name}
    port=$(cat "$dir/port")
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE \"$name\"" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/$name"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
