-- A target whose outcome is unknown waits for the user's word: "it is there" or "send it". The attempt the user
-- confirmed sending is kept, so every job of that attempt (also one the reconciler writes again) says so.
alter table post_targets add column resend_confirmed_attempt integer;
create index post_targets_unknown_outcome on post_targets (tenant_id) where status = 'UNKNOWN_OUTCOME';

-- The user who stated an outcome ("it is there"); null for a worker's result.
alter table attempts add column resolved_by text;

-- The only status changes of a target; the same table as TargetMove in the code (a test compares them).
create function target_move_allowed(from_status text, to_status text) returns boolean
  language sql immutable
as $$
  select (from_status, to_status) in (
    ('SCHEDULED', 'QUEUED'), ('SCHEDULED', 'CANCELLED'),
    ('QUEUED', 'PUBLISHING'), ('QUEUED', 'PUBLISHED'), ('QUEUED', 'FAILED'), ('QUEUED', 'UNKNOWN_OUTCOME'),
    ('PUBLISHING', 'PUBLISHING'), ('PUBLISHING', 'PUBLISHED'), ('PUBLISHING', 'FAILED'),
    ('PUBLISHING', 'UNKNOWN_OUTCOME'),
    ('FAILED', 'QUEUED'), ('FAILED', 'PUBLISHED'), ('FAILED', 'UNKNOWN_OUTCOME'),
    ('UNKNOWN_OUTCOME', 'QUEUED'), ('UNKNOWN_OUTCOME', 'PUBLISHED'), ('UNKNOWN_OUTCOME', 'FAILED'),
    ('PUBLISHED', 'PUBLISHED'))
$$;

-- Refuses any other status change, whoever writes it (a bug, or a hand-made update).
create function post_targets_guard_status() returns trigger
  language plpgsql
  set search_path from current
as $$
begin
  if not target_move_allowed(old.status, new.status) then
    raise exception 'post_targets %: status % -> % is not an allowed move', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger post_targets_status_guard before update of status on post_targets
  for each row execute function post_targets_guard_status();
