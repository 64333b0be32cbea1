-- The job streams moved to hash-tagged keys (herald:{jobs}:high|normal|low, common's StreamKeys) so that a Redis
-- Cluster keeps every key of the job pipeline in one slot. Rows still waiting in the outbox name the stream they go
-- to; those written before the move name the old key and are pointed at the new one. Sent rows are history.
update outbox set stream = replace(stream, 'herald:jobs:', 'herald:{jobs}:')
 where sent_at is null and stream like 'herald:jobs:%';
