-- When each account was last announced to its tenant per account.* webhook event (webhook.AccountNotices):
-- the announcements of one account change by a publish result and by auth-service's herald:accounts event, and any
-- redelivery of that event, meet on this row, and only the first one within the window is sent.
create table account_notices (
  account_id uuid not null,
  event      varchar(64) not null,
  tenant_id  uuid not null,
  last_at    timestamptz not null,
  primary key (account_id, event)
);
