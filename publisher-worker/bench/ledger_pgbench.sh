#!/usr/bin/env bash
# The publish ledger's write path alone, with pgbench: the three moves one Facebook post costs the worker (take the
# row, READY -> SENDING with the attempt row, SENDING -> SENT closing it), as ledger.Ledger sends them, on a fresh
# database built from the worker's own migrations and holding 100,000 published rows (analysed). Each variant runs
# in rounds interleaved with the other, each round on a fresh database, so they meet the same machine.
#
#   publisher-worker/bench/ledger_pgbench.sh [seconds per round, default 20] [rounds, default 3]
#
# Variants:
#   "16 jobs a statement (as shipped)": each statement moves 16 jobs' rows from arrays (unnest), as the worker's
#     group commit (ledger.Batcher) sends them under load; 4 clients; each statement planned for its arrays
#     (pgbench -M extended: the unnamed statement, as common's Sql.batch runs it).
#   "one job a statement (before)": the same moves one row per statement, prepared, by 16 clients.
# Prints, per round and as the median per variant: jobs/s, PostgreSQL's CPU per job (its processes' user + system
# time, exited backends included, over the round) and the WAL written per job. Needs PostgreSQL on 127.0.0.1:5432
# (user postgres, on this machine: its processes' /proc) and pgbench; uses the database herald_ledger_pgbench,
# dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rounds=${2:-3}
db=herald_ledger_pgbench
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"; psql_ -d postgres -c "drop database if exists $db" >/dev/null' EXIT

# The row a take answers (ledger.Ledger's ENTRY_COLUMNS), read from the upsert's CTE t.
taken_row="select t.target_id, t.tenant_id, t.platform, t.state, t.job_attempt, t.tries, t.polls, t.object_id,
  t.publish_id, t.external_id, t.external_url, t.error_code, t.error_message, t.final_outcome, t.account_ref,
  t.account_handle, t.step, t.comment_state, t.comment_id, t.comment_error, t.comment_started_at, t.comment_tries,
  (select max(a.started_at) from publish_attempt a where a.target_id = t.target_id) as last_send_started from t;"

# One job a statement: what the worker sent for each job before the group commit.
cat > "$dir/one.sql" <<SQL
select gen_random_uuid() as tid, gen_random_uuid() as holder, gen_random_uuid() as attempt,
  (1000001 + (random() * 19)::int)::text as page \gset
with t as (insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state,
    job_attempt, lease_owner, lease_until)
  values (:tid, '00000000-0000-0000-0000-000000000001', :tid, 'FACEBOOK', '00000000-0000-0000-0000-000000000002',
    'READY', 1, :holder, now() + 60000 * interval '1 ms')
  on conflict (target_id) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
  where publish_ledger.lease_until is null or publish_ledger.lease_until < now() returning *)
${taken_row}
with moved as (update publish_ledger set state = 'SENDING', job_attempt = 1, account_ref = :page,
    object_id = coalesce(object_id, :page || '_' || :tid), updated_at = now()
  where target_id = :tid and lease_owner = :holder and state in ('READY') returning target_id, tenant_id)
insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)
  select :attempt, target_id, tenant_id, 1, now() from moved;
with moved as (update publish_ledger set state = 'SENT', external_id = :page || '_' || :tid,
    external_url = 'https://www.facebook.com/' || :page || '_' || :tid, error_code = null, error_message = null,
    lease_owner = null, lease_until = null, updated_at = now()
  where target_id = :tid and lease_owner = :holder and state in ('SENDING', 'PROCESSING', 'UNKNOWN')
  returning target_id, tries),
closed as (update publish_attempt set finished_at = now(), outcome = 'SENT', error_code = null, error_message = null
  where id = (select a.id from publish_attempt a join moved m on m.target_id = a.target_id
    order by a.started_at desc limit 1) and finished_at is null)
select tries from moved;
SQL

# 16 jobs a statement: ledger.Ledger's takeAll, beginSendAll and sentAll (target ids sorted, as the worker sends them).
cat > "$dir/batch.sql" <<SQL
select array_agg(t order by t)::text as tids, array_agg(gen_random_uuid())::text as holders,
  array_agg(gen_random_uuid())::text as attempts,
  array_agg((1000001 + (random() * 19)::int)::text)::text as pages
  from (select gen_random_uuid() as t from generate_series(1, 16)) g \gset
with t as (insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state,
    job_attempt, lease_owner, lease_until)
  select u.target_id, '00000000-0000-0000-0000-000000000001', u.target_id, 'FACEBOOK',
    '00000000-0000-0000-0000-000000000002', 'READY', 1, u.holder, now() + 60000 * interval '1 ms'
  from unnest(:tids::uuid[], :holders::uuid[]) as u(target_id, holder)
  on conflict (target_id) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
  where publish_ledger.lease_until is null or publish_ledger.lease_until < now() returning *)
${taken_row}
with moved as (update publish_ledger l set state = 'SENDING', job_attempt = u.job_attempt, account_ref = u.account_ref,
    object_id = coalesce(l.object_id, u.object_id), updated_at = now()
  from unnest(:tids::uuid[], :holders::uuid[], array_fill(1, array[16]), :pages::text[],
    (select array_agg(p || '_' || t) from unnest(:pages::text[], :tids::uuid[]) as x(p, t)), :attempts::uuid[])
    as u(target_id, holder, job_attempt, account_ref, object_id, attempt_id)
  where l.target_id = u.target_id and l.lease_owner = u.holder and l.state in ('READY')
  returning l.target_id, l.tenant_id, u.holder, u.job_attempt, u.attempt_id),
attempts as (insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at)
  select attempt_id, target_id, tenant_id, job_attempt, now() from moved)
select target_id, holder from moved;
with moved as (update publish_ledger l set state = 'SENT', external_id = u.external_id,
    external_url = u.external_url, error_code = null, error_message = null,
    comment_state = case when u.comment_follows then coalesce(l.comment_state, 'PENDING') else l.comment_state end,
    lease_owner = case when u.comment_follows then l.lease_owner end,
    lease_until = case when u.comment_follows then l.lease_until end, updated_at = now()
  from unnest(:tids::uuid[], :holders::uuid[],
    (select array_agg(p || '_' || t) from unnest(:pages::text[], :tids::uuid[]) as x(p, t)),
    (select array_agg('https://www.facebook.com/' || p || '_' || t) from unnest(:pages::text[], :tids::uuid[]) as x(p, t)),
    array_fill(false, array[16])) as u(target_id, holder, external_id, external_url, comment_follows)
  where l.target_id = u.target_id and l.lease_owner = u.holder and l.state in ('SENDING', 'PROCESSING', 'UNKNOWN')
  returning l.target_id, u.holder),
closed as (update publish_attempt set finished_at = now(), outcome = 'SENT', error_code = null, error_message = null
  where id = any(array(select (select a.id from publish_attempt a where a.target_id = m.target_id
    order by a.started_at desc limit 1) from moved m)) and finished_at is null)
select target_id, holder from moved;
SQL

declare -A FILE=(["16 jobs a statement (as shipped)"]=batch.sql ["one job a statement (before)"]=one.sql)
declare -A ARGS=(["16 jobs a statement (as shipped)"]="-c 4 -M extended" ["one job a statement (before)"]="-c 16 -M prepared")
declare -A JOBS_PER_TX=(["16 jobs a statement (as shipped)"]=16 ["one job a statement (before)"]=1)

# PostgreSQL's CPU so far, in clock ticks: every server process's own, and what its exited backends left with the
# postmaster (cutime + cstime)
postmaster=$(psql_ -d postgres -Atc "select pid from pg_stat_activity where backend_type = 'checkpointer'" \
  | xargs -I{} awk '{print $4}' /proc/{}/stat)
pg_ticks() {
  { awk '{print $16 + $17}' "/proc/$postmaster/stat"
    for pid in $(pgrep -P "$postmaster"); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done
    awk '{print $14 + $15}' "/proc/$postmaster/stat"; } | awk '{s += $1} END {print s}'
}
hz=$(getconf CLK_TCK)

declare -A rates cpus wals
for round in $(seq 1 "$rounds"); do
  for variant in "${!FILE[@]}"; do
    psql_ -d postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
    {
      echo "create schema publisher; set search_path = publisher;"
      ls src/main/resources/db/migration/V*.sql | sort -V | xargs cat
      # 100,000 published posts, so a plan that scans the table shows
      echo "insert into publish_ledger (target_id, tenant_id, post_id, platform, social_account_id, state,
        job_attempt, external_id, account_ref) select g, g, g, 'FACEBOOK', g, 'SENT', 1, '1000001_' || g, '1000001'
        from (select gen_random_uuid() as g from generate_series(1, 100000)) s;
        insert into publish_attempt (id, target_id, tenant_id, job_attempt, started_at, finished_at, outcome)
        select gen_random_uuid(), target_id, tenant_id, 1, now(), now(), 'SENT' from publish_ledger;"
    } | psql_ -d "$db" >/dev/null
    psql_ -d "$db" -c "alter database $db set search_path = publisher" >/dev/null
    psql_ -d "$db" -c "vacuum analyze" >/dev/null
    wal_before=$(psql_ -d "$db" -Atc "select pg_current_wal_insert_lsn()")
    children=$(pgrep -c -P "$postmaster")
    ticks_before=$(pg_ticks)
    # shellcheck disable=SC2086
    out=$(pgbench -h 127.0.0.1 -U postgres -n -j 2 -T "$seconds" ${ARGS[$variant]} -f "$dir/${FILE[$variant]}" "$db" \
      2>&1)
    # pgbench's backends count once the postmaster has reaped them (their time moves to its cutime)
    for _ in $(seq 1 50); do
      [ "$(pgrep -c -P "$postmaster")" -le "$children" ] && break
      sleep 0.1
    done
    ticks=$(( $(pg_ticks) - ticks_before ))
    statements=$(awk '/number of transactions actually processed/ {print $NF; exit}' <<< "$out" | cut -d/ -f1)
    failed=$(awk '/number of failed transactions/ {print $5; exit}' <<< "$out")
    jobs=$(( statements * JOBS_PER_TX[$variant] ))
    rate=$(( jobs / seconds ))
    cpu=$(awk -v t="$ticks" -v hz="$hz" -v j="$jobs" 'BEGIN {printf "%.3f", t * 1000 / hz / j}')
    # WAL written per job: what the job's writes cost the server whatever the machine's noise (the server's other
    # databases add theirs, so run it on a quiet server)
    wal=$(psql_ -d "$db" -Atc "select round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$wal_before') / $jobs)")
    echo "round $round, $variant: $rate jobs/s, PostgreSQL $cpu ms CPU a job, $wal bytes of WAL a job" \
      "(failed transactions: ${failed:-0})"
    rates[$variant]+="$rate "
    cpus[$variant]+="$cpu "
    wals[$variant]+="$wal "
  done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for variant in "${!FILE[@]}"; do
  echo "median, $variant: $(median "${rates[$variant]}") jobs/s (rounds: ${rates[$variant]% })," \
    "PostgreSQL $(median "${cpus[$variant]}") ms CPU a job, $(median "${wals[$variant]}") bytes of WAL a job"
done
