#!/usr/bin/env bash
# The publish ledger's write path alone, with pgbench: the three statements one Facebook post costs the worker
# (take the row, READY -> SENDING with the attempt row, SENDING -> SENT closing it), exactly as ledger.Ledger sends
# them, by 16 clients, prepared, on a fresh database built from the worker's own migrations. Each variant runs in
# rounds interleaved with the others, each round on a fresh database, so they meet the same machine.
#
#   publisher-worker/bench/ledger_pgbench.sh [seconds per round, default 20] [rounds, default 3]
#
# Variants: "as shipped" (the migrations as they are) and, for comparison, changes to the tables (VARIANTS below).
# Prints jobs/s and the WAL written per job, per round and the median per variant. Needs PostgreSQL on
# 127.0.0.1:5432 (user postgres) and pgbench; uses the database herald_ledger_pgbench, dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rounds=${2:-3}
db=herald_ledger_pgbench
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

declare -A VARIANTS=(
  ["as shipped"]=""
  ["before V8 (publish_ledger_tenant, publish_attempt at fillfactor 100)"]="alter table publish_attempt
    set (fillfactor = 100); create index publish_ledger_tenant on publish_ledger (tenant_id);"
)

job=$(mktemp)
trap 'rm -f "$job"; psql_ -d postgres -c "drop database if exists $db" >/dev/null' EXIT
cat > "$job" <<'SQL'
select gen_random_uuid() as tid, gen_random_uuid() as holder, gen_random_uuid() as attempt \gset
with t as (insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state,
    job_attempt, lease_owner, lease_until)
  values (:tid, '00000000-0000-0000-0000-000000000001', :tid, 'FACEBOOK', '00000000-0000-0000-0000-000000000002',
    'READY', 1, :holder, now() + 60000 * interval '1 ms')
  on conflict (target_id) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
  where publish_ledger.lease_until is null or publish_ledger.lease_until < now() returning *)
select t.target_id, t.tenant_id, t.platform, t.state, t.job_attempt, t.tries, t.polls, t.object_id, t.publish_id,
  t.external_id, t.external_url, t.error_code, t.error_message, t.final_outcome, t.account_ref, t.account_handle,
  t.step, t.comment_state, t.comment_id, t.comment_error, t.comment_started_at, t.comment_tries,
  (select max(a.started_at) from publish_attempt a where a.target_id = t.target_id) as last_send_started from t;
with moved as (update publish_ledger set state = 'SENDING', job_attempt = 1, account_ref = '1000001',
    object_id = coalesce(object_id, '1000001_' || :tid), updated_at = now()
  where target_id = :tid and lease_owner = :holder and state in ('READY') returning target_id, tenant_id)
insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)
  select :attempt, target_id, tenant_id, 1, now() from moved;
with moved as (update publish_ledger set state = 'SENT', external_id = '1000001_' || :tid,
    external_url = 'https://www.facebook.com/1000001_' || :tid, error_code = null, error_message = null,
    lease_owner = null, lease_until = null, updated_at = now()
  where target_id = :tid and lease_owner = :holder and state in ('SENDING', 'PROCESSING', 'UNKNOWN')
  returning target_id, tries),
closed as (update publish_attempt set finished_at = now(), outcome = 'SENT', error_code = null, error_message = null
  where id = (select a.id from publish_attempt a join moved m on m.target_id = a.target_id
    order by a.started_at desc limit 1) and finished_at is null)
select tries from moved;
SQL

declare -A results wal_bytes
for round in $(seq 1 "$rounds"); do
  for variant in "${!VARIANTS[@]}"; do
    psql_ -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
    {
      echo "create schema publisher; set search_path = publisher;"
      ls src/main/resources/db/migration/V*.sql | sort -V | xargs cat
      echo "${VARIANTS[$variant]}"
    } | psql_ -d "$db" >/dev/null
    psql_ -d "$db" -c "alter database $db set search_path = publisher" >/dev/null
    psql_ -d "$db" -c "vacuum analyze" >/dev/null
    wal_before=$(psql_ -d "$db" -Atc "select pg_current_wal_insert_lsn()")
    out=$(pgbench -h 127.0.0.1 -U postgres -n -c 16 -j 2 -T "$seconds" -M prepared -f "$job" "$db" 2>/dev/null)
    tps=$(awk '/^tps/ {print int($3); exit}' <<< "$out")
    jobs=$(awk '/number of transactions actually processed/ {print $NF; exit}' <<< "$out" | cut -d/ -f1)
    # WAL written per job: what the job's writes cost the server whatever the machine's noise (the server's other
    # databases add theirs, so run it on a quiet server)
    wal=$(psql_ -d "$db" -Atc "select round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$wal_before') / $jobs)")
    echo "round $round, $variant: $tps jobs/s, $wal bytes of WAL a job"
    results[$variant]+="$tps "
    wal_bytes[$variant]+="$wal "
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for variant in "${!VARIANTS[@]}"; do
  echo "median, $variant: $(median "${results[$variant]}") jobs/s (rounds: ${results[$variant]% })," \
    "$(median "${wal_bytes[$variant]}") bytes of WAL a job"
done
