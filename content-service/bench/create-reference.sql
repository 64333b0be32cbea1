-- pgbench script: one transaction = a job row + an outbox row (see create-reference-schema.sql).
-- pgbench -n -M prepared -c 16 -j 2 -T 20 -f create-reference.sql herald_content_bench_ref
-- (no colon in a literal: pgbench reads ":name" as a variable, hence jsonb_build_object and chr(58))
BEGIN;
INSERT INTO bench_ref.jobs (id, tenant_id, status, payload, due_at, created_at)
  VALUES (gen_random_uuid(), '6f1c1d7e-2c1a-4d3e-9a55-0d6f3c1b2a10', 'SCHEDULED',
          jsonb_build_object('text', 'Launch day!', 'link', 'https://example.com/launch', 'platform', 'FACEBOOK'),
          now() + interval '1 day', now());
INSERT INTO bench_ref.outbox (job_id, stream, fields)
  VALUES (gen_random_uuid(), replace('herald.jobs.normal', '.', chr(58)), jsonb_build_object('v', '1', 'attempt', '1'));
END;
