-- When an edit's or delete's job was last written to the outbox (issue 14). The reconciler writes the job of an
-- operation still PENDING past reconcile-after again when its job marker is gone from Redis (Redis restarted empty,
-- its stream message lost), as it does for QUEUED and PUBLISHING targets, and moves this time on so the new job
-- gets a whole reconcile-after of its own. The index covers just the operations on their way.
alter table post_targets add column operation_enqueued_at timestamptz;
update post_targets set operation_enqueued_at = operation_requested_at where operation_status = 'PENDING';
create index post_targets_operation_pending on post_targets (operation_enqueued_at, id)
  where operation_status = 'PENDING';
