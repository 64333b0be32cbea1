create table posts (
  id           uuid primary key,
  tenant_id    uuid not null,
  text         text not null,
  link         text,
  media        jsonb not null default '[]',
  priority     varchar(8) not null,
  scheduled_at timestamptz not null,
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  version      integer not null default 1,
  traceparent  varchar(64)
);
create index posts_tenant_created on posts (tenant_id, created_at desc, id desc);

create table post_targets (
  id                 uuid primary key,
  tenant_id          uuid not null,
  post_id            uuid not null references posts (id) on delete cascade,
  position           integer not null,
  social_account_id  uuid not null,
  platform           varchar(16) not null,
  options            jsonb not null default '{}',
  status             varchar(16) not null,
  attempt            integer not null default 0,
  due_at             timestamptz not null,
  status_changed_at  timestamptz not null,
  external_id        text,
  external_url       text,
  published_at       timestamptz,
  last_error_code    text,
  last_error_message text
);
create index post_targets_post on post_targets (post_id, position);
create index post_targets_due on post_targets (due_at) where status = 'SCHEDULED';
create index post_targets_in_flight on post_targets (status_changed_at) where status in ('QUEUED', 'PUBLISHING');

-- Jobs waiting to be XADDed; written in the same transaction as the status change that caused them.
create table outbox (
  id         bigserial primary key,
  tenant_id  uuid not null,
  target_id  uuid not null,
  attempt    integer not null,
  stream     varchar(32) not null,
  fields     jsonb not null,
  created_at timestamptz not null default now(),
  sent_at    timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- Every result received for a target, applied or not.
create table attempts (
  id            bigserial primary key,
  tenant_id     uuid not null,
  post_id       uuid not null,
  target_id     uuid not null,
  attempt       integer not null,
  outcome       varchar(16) not null,
  external_id   text,
  external_url  text,
  error_code    text,
  error_message text,
  at            timestamptz not null,
  applied       boolean not null,
  recorded_at   timestamptz not null default now(),
  unique (target_id, attempt, outcome, at)
);
create index attempts_post on attempts (post_id, id);

create table idempotency_keys (
  tenant_id     uuid not null,
  key           varchar(255) not null,
  request_hash  varchar(64) not null,
  status        integer,
  response      text,
  post_id       uuid,
  created_at    timestamptz not null,
  primary key (tenant_id, key)
);

create table webhooks (
  id          uuid primary key,
  tenant_id   uuid not null,
  url         text not null,
  events      text not null,
  secret_enc  text not null,
  created_at  timestamptz not null
);
create index webhooks_tenant on webhooks (tenant_id);

create table webhook_deliveries (
  id               uuid primary key,
  tenant_id        uuid not null,
  webhook_id       uuid not null references webhooks (id) on delete cascade,
  event            varchar(64) not null,
  payload          text not null,
  status           varchar(16) not null,
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null,
  last_status_code integer,
  last_error       text,
  created_at       timestamptz not null,
  delivered_at     timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_hook on webhook_deliveries (webhook_id, created_at desc);
