-- Edits and deletes of published targets (issue 14): one row per operation, keyed by the id content-service gave
-- it, so whatever number of jobs arrive for it the platform is asked at most once unless the platform's own word
-- (read back by id) says it did not happen. READY: nothing sent; SENDING: the call is on its way or its answer was
-- lost (read the post before anything else); DONE, FAILED (a definite refusal), UNKNOWN (cannot be known).
create table post_operations (
  operation_id   uuid primary key,
  target_id      uuid        not null,
  tenant_id      uuid        not null,
  kind           text        not null,
  state          text        not null default 'READY',
  tries          integer     not null default 0,
  started_at     timestamptz,
  error_code     text,
  error_message  text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  constraint post_operations_kind check (kind in ('EDIT', 'DELETE')),
  constraint post_operations_state check (state in ('READY', 'SENDING', 'DONE', 'FAILED', 'UNKNOWN'))
);

create index post_operations_target on post_operations (target_id);
