-- When an event was applied to the target holding its publish_id. An event that came while a job held the target
-- waits here (applied_at null) and is applied by the next sweep, so a late webhook is never dropped.
alter table tiktok_webhook_events add column applied_at timestamptz;
update tiktok_webhook_events set applied_at = received_at;
create index tiktok_webhook_events_unapplied on tiktok_webhook_events (received_at) where applied_at is null;
