#!/usr/bin/env bash
# Checks that the local run works on a machine where no PostgreSQL or Redis is running: with PGPORT and REDIS_PORT on
# free ports, `run.sh infra` starts private instances from the installed server binaries (data in a throw-away state
# dir), the database is created and both answer; `run.sh down` stops them and their ports are free again. A second
# `infra` on the same state dir reuses the data. Run by CI (.ci/run); takes a few seconds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(mktemp -d /tmp/herald-infra-test.XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
export HERALD_STATE_DIR="$state" PGPORT REDIS_PORT HERALD_DB=herald_infra_test
PGPORT=$(free_port)
REDIS_PORT=$(free_port)
cleanup() { "$here/run.sh" down >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT
fail() { echo "infra-test: FAIL: $*" >&2; exit 1; }

for round in first second; do
  "$here/run.sh" infra
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d herald_infra_test -tAc 'SELECT 1' | grep -qx 1 \
    || fail "$round start: the private PostgreSQL does not serve the database"
  [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping)" = PONG ] || fail "$round start: the private Redis does not answer"
  [ -f "$state/postgres/data/PG_VERSION" ] && [ -d "$state/redis" ] || fail "the servers' data is not under $state"
  "$here/run.sh" down
  ! listening "$PGPORT" || fail "PostgreSQL still listens on $PGPORT after down"
  ! listening "$REDIS_PORT" || fail "Redis still listens on $REDIS_PORT after down"
done
echo "infra-test: OK (private PostgreSQL on $PGPORT and Redis on $REDIS_PORT started, reused and stopped)"
