-- The ledger's state machine, enforced by the database as well as by the code (ledger.LedgerState).
--
-- READY      nothing of this target is public; a send may start (was RETRYING)
-- SENDING    a call that can make the post public is on its way or its answer was lost: reconcile first
-- PROCESSING the platform accepted the post (TikTok publish_id stored) and is still working on it: poll
-- SENT       the platform holds the post (external ids below)
-- FAILED     a definite failure: nothing was made public
-- UNKNOWN    the platform cannot tell whether the post exists; only the user ("send it") or the platform's later
--            word (a webhook) moves it
alter table publish_ledger drop constraint publish_ledger_state;
update publish_ledger set state = 'READY' where state = 'RETRYING';
alter table publish_ledger add constraint publish_ledger_state
  check (state in ('READY', 'SENDING', 'PROCESSING', 'SENT', 'FAILED', 'UNKNOWN'));

-- The platform object Herald created unpublished and publishes by id (a Facebook post or video): known before
-- anything is public, so a lost answer to the publish call is resolved by reading that object, never by searching.
alter table publish_ledger add column object_id text;
-- The Page id or TikTok open_id the target publishes to (for webhooks and searches).
alter table publish_ledger add column account_ref text;
-- Which run of a job holds the row, until when: two copies of one job never work on a target at once.
alter table publish_ledger add column lease_owner uuid;
alter table publish_ledger add column lease_until timestamptz;

-- An id on a platform belongs to one target. Rows that came to share one (a reconciliation that took another
-- target's post for its own) keep it on the earliest target; the others keep it in disputed_ids for an operator.
alter table publish_ledger add column disputed_ids text;
with ranked as (
  select target_id, row_number() over (partition by platform, external_id order by created_at, target_id) as n
  from publish_ledger where external_id is not null)
update publish_ledger l set disputed_ids = concat_ws(';', l.disputed_ids, 'external_id=' || l.external_id),
  external_id = null
from ranked r where r.target_id = l.target_id and r.n > 1;
with ranked as (
  select target_id, row_number() over (partition by platform, publish_id order by created_at, target_id) as n
  from publish_ledger where publish_id is not null)
update publish_ledger l set disputed_ids = concat_ws(';', l.disputed_ids, 'publish_id=' || l.publish_id),
  publish_id = null
from ranked r where r.target_id = l.target_id and r.n > 1;
create unique index publish_ledger_external_id on publish_ledger (platform, external_id) where external_id is not null;
create unique index publish_ledger_object_id on publish_ledger (platform, object_id) where object_id is not null;
create unique index publish_ledger_publish_id on publish_ledger (platform, publish_id) where publish_id is not null;
create index publish_ledger_unsure on publish_ledger (account_ref) where state in ('SENDING', 'UNKNOWN');

create function publish_ledger_transition() returns trigger language plpgsql as $$
begin
  if old.state = new.state then
    if old.state = 'SENT' and (new.external_id is distinct from old.external_id
        or new.external_url is distinct from old.external_url) and old.platform <> 'TIKTOK' then
      raise exception 'publish_ledger: a SENT % target keeps its external id', old.platform;
    end if;
    return new;
  end if;
  if (old.state, new.state) in (
      ('READY', 'SENDING'), ('READY', 'FAILED'),
      ('SENDING', 'SENT'), ('SENDING', 'PROCESSING'), ('SENDING', 'READY'), ('SENDING', 'FAILED'),
      ('SENDING', 'UNKNOWN'),
      ('PROCESSING', 'SENT'), ('PROCESSING', 'FAILED'), ('PROCESSING', 'READY'), ('PROCESSING', 'UNKNOWN'),
      ('FAILED', 'READY'),
      ('UNKNOWN', 'READY'), ('UNKNOWN', 'SENT'), ('UNKNOWN', 'PROCESSING'), ('UNKNOWN', 'FAILED')) then
    return new;
  end if;
  raise exception 'publish_ledger: % -> % is not an allowed transition (target %)', old.state, new.state,
    old.target_id using errcode = 'check_violation';
end $$;

create trigger publish_ledger_transition before update on publish_ledger
  for each row execute function publish_ledger_transition();

-- TikTok's publish webhooks (at-least-once, so kept once per publish_id and event): they end polling early, and they
-- are the only documented way to learn the publish_id of an init whose answer was lost.
create table tiktok_webhook_events (
  id          bigserial primary key,
  event       text        not null,
  publish_id  text        not null,
  open_id     text        not null,
  created_at  timestamptz not null,
  post_id     text,
  reason      text,
  received_at timestamptz not null default now(),
  unique (publish_id, event)
);
create index tiktok_webhook_events_account on tiktok_webhook_events (open_id, created_at);
