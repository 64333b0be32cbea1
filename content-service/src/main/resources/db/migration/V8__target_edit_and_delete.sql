-- Edit and delete after publishing (issue 14). A published target carries at most one operation at a time: its id
-- (the worker's ledger key), its kind (EDIT, DELETE), its state (PENDING while the job is out; DONE, FAILED,
-- UNKNOWN_OUTCOME), the text an edit sets, and the platform's error. DELETED is a target's end state after a
-- delete; an edit keeps the target PUBLISHED and sets its own text.
alter table post_targets
  add column operation_id            uuid,
  add column operation               text,
  add column operation_status        text,
  add column operation_text          text,
  add column operation_requested_at  timestamptz,
  add column operation_error_code    text,
  add column operation_error_message text,
  add column deleted_at              timestamptz,
  add constraint post_targets_operation check (operation in ('EDIT', 'DELETE')),
  add constraint post_targets_operation_status
    check (operation_status in ('PENDING', 'DONE', 'FAILED', 'UNKNOWN_OUTCOME'));

-- The operation a result in the history belongs to (null: the publish).
alter table attempts add column operation text, add column operation_id uuid;

-- The status moves of V2 plus PUBLISHED -> DELETED (TargetMove.UNPUBLISH); the trigger of V2 calls this function.
create or replace function target_move_allowed(from_status text, to_status text) returns boolean
  language sql immutable
as $$
  select (from_status, to_status) in (
    ('SCHEDULED', 'QUEUED'), ('SCHEDULED', 'CANCELLED'),
    ('QUEUED', 'PUBLISHING'), ('QUEUED', 'PUBLISHED'), ('QUEUED', 'FAILED'), ('QUEUED', 'UNKNOWN_OUTCOME'),
    ('PUBLISHING', 'PUBLISHING'), ('PUBLISHING', 'PUBLISHED'), ('PUBLISHING', 'FAILED'),
    ('PUBLISHING', 'UNKNOWN_OUTCOME'),
    ('FAILED', 'QUEUED'), ('FAILED', 'PUBLISHED'), ('FAILED', 'UNKNOWN_OUTCOME'),
    ('UNKNOWN_OUTCOME', 'QUEUED'), ('UNKNOWN_OUTCOME', 'PUBLISHED'), ('UNKNOWN_OUTCOME', 'FAILED'),
    ('PUBLISHED', 'PUBLISHED'), ('PUBLISHED', 'DELETED'))
$$;
