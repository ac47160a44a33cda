#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster on loopback.
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 only, trusts
# local connections (it holds nothing but test data) and is stopped and removed
# when the command ends, whatever its outcome. PostgreSQL 15 is installed with
# apt-get when it is missing.
set -euo pipefail

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PORT=${REKISTERI_TEST_PG_PORT:-55432}

if [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL $PG_VERSION is missing; installing it with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "postgresql-$PG_VERSION" >/dev/null
fi

WORK=$(mktemp -d /tmp/rekisteri-pg.XXXXXX)
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root; the cluster belongs to the postgres user.
    chown postgres "$WORK"
    RUN_AS=(runuser -u postgres --)
fi

cleanup() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -w -l "$WORK/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null

export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/rekisteri"
echo "PostgreSQL $PG_VERSION on 127.0.0.1:$PORT (throwaway cluster in $WORK)"
"$@"
