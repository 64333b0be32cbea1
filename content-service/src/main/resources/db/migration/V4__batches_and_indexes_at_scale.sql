-- Outbox ids come in blocks (Hibernate's pooled sequence optimizer, OutboxEntry), so the rows one scheduler round
-- writes reach Postgres as one batched insert instead of one insert (and one id round trip) per row. Ids stay
-- unique and increasing per block; the relay's "outbox order" was never commit order either. The sequence gets a
-- name no other schema of a shared database will have: Hibernate's schema validation looks sequences up by name
-- across schemas.
alter sequence outbox_id_seq rename to content_outbox_ids;
alter sequence content_outbox_ids increment by 200;

-- Housekeeping every reconciler round (5 s) without reading whole tables once they are large: expired idempotency
-- keys (one per keyed create), week-old sent outbox rows. The scheduler's due scan (post_targets_due), a post's GET
-- (primary keys, post_targets_post) and a list page (posts_tenant_created) already start from indexes of their own
-- (V1); content-service/bench/scale_bench.py measures them at 1,000 and 1,000,000 posts.
create index idempotency_keys_created on idempotency_keys (created_at);
create index outbox_sent on outbox (sent_at) where sent_at is not null;
