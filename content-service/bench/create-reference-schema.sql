-- The pgbench reference of the create benchmark: what one create must at least write, as plain SQL — a job row
-- (the post with its state) and an outbox row, in one transaction. Tables shaped like content's own (uuid key,
-- jsonb payload, a partial index on what is due / unsent), in a schema of their own.
create schema if not exists bench_ref;
drop table if exists bench_ref.jobs, bench_ref.outbox;
create table bench_ref.jobs (
  id         uuid primary key,
  tenant_id  uuid not null,
  status     varchar(16) not null,
  payload    jsonb not null,
  due_at     timestamptz not null,
  created_at timestamptz not null
);
create index jobs_due on bench_ref.jobs (due_at) where status = 'SCHEDULED';
create table bench_ref.outbox (
  id         bigserial primary key,
  job_id     uuid not null,
  stream     varchar(32) not null,
  fields     jsonb not null,
  created_at timestamptz not null default now(),
  sent_at    timestamptz
);
create index outbox_unsent on bench_ref.outbox (id) where sent_at is null;
