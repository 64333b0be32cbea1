-- The publish ledger: one row per target (never per stream entry or attempt), so whatever number of jobs
-- arrive for a target, the platform is asked to create it at most once unless a definite failure came first.
create table publish_ledger (
  target_id          uuid primary key,
  tenant_id          uuid        not null,
  post_id            uuid        not null,
  platform           text        not null,
  social_account_id  uuid        not null,
  -- SENDING: a create call may be on its way (reconcile before sending again)
  -- RETRYING: the last try definitely created nothing; a new send is allowed
  -- PROCESSING: TikTok accepted the post (publish_id stored), status is polled
  -- SENT: the platform holds the post (external ids below)
  -- FAILED: a definite failure (error code below)
  state              text        not null,
  job_attempt        integer     not null,
  tries              integer     not null default 0,
  polls              integer     not null default 0,
  publish_id         text,
  external_id        text,
  external_url       text,
  error_code         text,
  error_message      text,
  -- for FAILED: the outcome reported (FAILED or NEEDS_REAUTH), re-sent when the same attempt arrives again
  final_outcome      text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  constraint publish_ledger_state check (state in ('SENDING', 'RETRYING', 'PROCESSING', 'SENT', 'FAILED'))
);

create index publish_ledger_tenant on publish_ledger (tenant_id);

-- Each call that could create something on a platform, under its target.
create table publish_attempt (
  id            uuid primary key,
  target_id     uuid        not null references publish_ledger (target_id),
  tenant_id     uuid        not null,
  job_attempt   integer     not null,
  started_at    timestamptz not null,
  finished_at   timestamptz,
  outcome       text,
  error_code    text,
  error_message text
);

create index publish_attempt_target on publish_attempt (target_id);
