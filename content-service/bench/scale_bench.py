#!/usr/bin/env python3
"""Scale benchmark: the scheduler's due-target scan, a post's GET and a page of the list with 1,000 and with
1,000,000 scheduled posts in the database; prints the cost at each size and the ratio.

    cd content-service && JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 bench/scale_bench.py

Each size has a database of its own on the local server (SCALE_DB_PREFIX, default herald_scale: herald_scale_1k
and herald_scale_1m), filled once by SQL (one tenant, one Facebook target per post, 100 posts already due, the rest
due over the coming year) and kept for the next run (--fresh fills them again). The packaged content-service
(target/quarkus-app) is started against each with its background loops off, so the data stays as filled. Then, in
rounds that alternate between the sizes (so both see the same machine load):
- due scan: the scheduler's own statement (TargetRepository.queueDue: the UPDATE ... FOR UPDATE SKIP LOCKED ...
  RETURNING of up to 500 due targets, the status trigger included) in a transaction rolled back, by pgbench; and
  the same statement on a round that finds nothing due (what the scheduler costs every pause);
- GET /api/v1/posts/{id} of random posts, and GET /api/v1/posts?limit=50 (the first page, and a page whose cursor
  is half-way down the tenant's posts): the SQL statements behind each by pgbench, and the requests over HTTP by one
  client (after a warm-up), each request timed.
"""
import argparse
import base64
import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as b  # noqa: E402

b.REDIS_DB = os.environ.get("BENCH_REDIS_DB", "14")
PREFIX = os.environ.get("SCALE_DB_PREFIX", "herald_scale")
TENANT = "5ca1e000-0000-4000-8000-000000000001"
DUE = 100  # posts already due, at every size
SCAN_SQL = """BEGIN;
UPDATE content.post_targets t
SET status = 'QUEUED', attempt = t.attempt + 1, status_changed_at = now(), last_error_code = NULL,
    last_error_message = NULL
FROM (SELECT id FROM content.post_targets WHERE status IN ('SCHEDULED') AND due_at <= now() {shift}
      ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED) due
WHERE t.id = due.id
RETURNING t.*;
ROLLBACK;
"""


# The statements behind GET /api/v1/posts/{id} and a list page (Hibernate's and PostRepository.page's, with their
# indexes), for pgbench: a random post of 500 picked all over the table (public.scale_bench_ids, made by this script)
GET_SQL = """\\set r random(1, 500)
SELECT p.* FROM content.posts p WHERE p.tenant_id = '{tenant}'
  AND p.id = (SELECT id FROM public.scale_bench_ids WHERE n = :r);
SELECT t.* FROM content.post_targets t WHERE t.post_id = (SELECT id FROM public.scale_bench_ids WHERE n = :r)
  ORDER BY t.position;
"""
# (the page's posts in one statement along posts_tenant_created; then the targets of the 50 posts shown, which the
# service names by id and this script by the same index)
PAGE_SQL = """SELECT p.* FROM content.posts p WHERE p.tenant_id = '{tenant}' {after}
  ORDER BY p.created_at DESC, p.id DESC LIMIT 51;
SELECT t.* FROM content.post_targets t WHERE t.post_id IN (
  SELECT id FROM content.posts WHERE tenant_id = '{tenant}' {after} ORDER BY created_at DESC, id DESC LIMIT 50)
  ORDER BY t.position;
"""


def label(size):
    return f"{size // 1_000_000}m" if size >= 1_000_000 else f"{size // 1000}k"


def fill(db, size, account, fresh):
    """Fills the database up to `size` posts of the bench tenant (one target each); answers the post count."""
    have = int(b.psql("select count(*) from content.posts", db=db))
    if fresh and have:
        b.psql("truncate content.posts, content.post_targets, content.idempotency_keys cascade", db=db)
        have = 0
    if have == size:
        return have
    if have > size:
        raise SystemExit(f"{db} holds {have} posts, more than {size}: run with --fresh")
    b.log(f"{db}: filling {have:,} -> {size:,} posts")
    # created one millisecond apart, newest last; the first DUE posts are due an hour ago, the rest over the year
    b.psql(f"""
        with p as (
          insert into content.posts (id, tenant_id, text, link, media, priority, scheduled_at, created_at, updated_at)
          select gen_random_uuid(), '{TENANT}', 'Bench post ' || g, 'https://example.com/post/' || g, '[]', 'NORMAL',
                 case when g <= {DUE} then now() - interval '1 hour'
                      else now() + interval '1 day' + (g % 31536000) * interval '1 second' end,
                 timestamptz '2026-01-01' + g * interval '1 millisecond',
                 timestamptz '2026-01-01' + g * interval '1 millisecond'
          from generate_series({have + 1}, {size}) g
          returning id, scheduled_at, created_at)
        insert into content.post_targets (id, tenant_id, post_id, position, social_account_id, platform, options,
                                          status, attempt, due_at, status_changed_at)
        select gen_random_uuid(), '{TENANT}', p.id, 0, '{account}', 'FACEBOOK', '{{}}', 'SCHEDULED', 0,
               p.scheduled_at, p.created_at
        from p""", db=db)
    b.psql("vacuum analyze content.posts", db=db)
    b.psql("vacuum analyze content.post_targets", db=db)
    return int(b.psql("select count(*) from content.posts", db=db))


def pgbench_ms(db, script, transactions):
    """Mean latency (ms) of `script` run `transactions` times by one pgbench client (prepared statements)."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
    out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c", "1",
                          "-t", str(transactions), "-f", f.name, db], capture_output=True, text=True)
    os.unlink(f.name)
    if out.returncode != 0:
        raise RuntimeError("pgbench failed: " + out.stderr[-2000:])
    return float(re.search(r"latency average = ([\d.]+) ms", out.stdout).group(1))


def blocks(db, script):
    """Buffers (8 kB pages, from cache or disk) the statements of `script` touch, by EXPLAIN (ANALYZE, BUFFERS): a
    cost that the machine's load does not change. Run in a transaction rolled back."""
    sql = "\n".join(line for line in script.replace(":r", "1").splitlines() if not line.startswith("\\"))
    statements = [st.strip() for st in sql.split(";") if st.strip() and st.strip() not in ("BEGIN", "ROLLBACK")]
    total = 0
    for statement in statements:
        out = b.psql(f"begin; explain (analyze, buffers, format json) {statement}; rollback", db=db)
        plan = json.loads(out)[0]["Plan"]
        total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return total


def http_ms(service, token, paths, seconds):
    """Latencies (ms) of GETs of `paths` (taken in turn) by one keep-alive client for `seconds`."""
    def make(i, n):
        return b.request_bytes("GET", paths[n % len(paths)], service.port, token)
    _, latencies, statuses, _ = b.load(service.port, make, 1, seconds)
    if set(statuses) != {200}:
        raise RuntimeError(f"unexpected answers {statuses} for {paths[0]}")
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,1000000", help="comma-separated post counts")
    parser.add_argument("--seconds", type=float, default=5, help="HTTP measuring time per figure and round")
    parser.add_argument("--scans", type=int, default=200, help="due-scan transactions per figure and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="empty and fill the databases again")
    parser.add_argument("--app", default=None, help="quarkus-app directory (default: target/quarkus-app)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    auth = b.AuthStub()
    account = auth.account(TENANT)
    token = auth.token(TENANT, ["VIEWER"])
    services = {}
    figures = {}  # (figure, size) -> list of per-round values (ms)
    try:
        for k, size in enumerate(sizes):
            db = f"{PREFIX}_{label(size)}"
            # started first: its migrations make the schema
            service = b.ContentService(auth.url, app_dir=args.app, port=b.CONTENT_PORT + 10 + k, db=db,
                                       log_file=f"/tmp/herald-bench-scale-{label(size)}.log",
                                       extra_env={"HERALD_CONTENT_SCHEDULER_ENABLED": "false"})
            count = fill(db, size, account, args.fresh)
            # posts from all over the table (not only its first pages, which the buffer cache may hold)
            ids = b.psql("select id from content.posts order by random() limit 500", db=db).split()
            middle = b.psql(f"""select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                       || '|' || id
                                from content.posts where tenant_id = '{TENANT}'
                                order by created_at desc, id desc offset {count // 2} limit 1""", db=db)
            cursor = base64.urlsafe_b64encode(middle.encode()).decode().rstrip("=")
            created, middle_id = middle.split("|")
            after = f"AND (created_at, id) < ('{created}', '{middle_id}')"
            random.shuffle(ids)
            b.psql("drop table if exists public.scale_bench_ids; "
                   "create table public.scale_bench_ids (n int primary key, id uuid not null); "
                   "insert into public.scale_bench_ids values "
                   + ", ".join(f"({n + 1}, '{i}')" for n, i in enumerate(ids)), db=db)
            services[size] = (service, db, count, ids, cursor, after)
        gets = {size: [f"/api/v1/posts/{i}" for i in s[3]] for size, s in services.items()}
        for size, (service, *_rest) in services.items():  # the JIT compiles the read paths first
            b.log(f"warm-up: {services[size][2]:,} posts")
            for paths in (gets[size], ["/api/v1/posts?limit=50"]):
                http_ms(service, token, paths, args.seconds)
        for r in range(args.rounds):
            for size, (service, db, count, ids, cursor, after) in services.items():
                b.log(f"round {r + 1}: {count:,} posts")
                b.psql("vacuum content.post_targets", db=db)  # the rolled-back scans of the last round
                for name, script in (("due scan, 100 due", SCAN_SQL.format(shift="")),
                                     ("idle scan, none due", SCAN_SQL.format(shift="- interval '10 years'")),
                                     ("GET a post: its SQL", GET_SQL.format(tenant=TENANT)),
                                     ("list, first page: its SQL", PAGE_SQL.format(tenant=TENANT, after="")),
                                     ("list, page half-way down: its SQL",
                                      PAGE_SQL.format(tenant=TENANT, after=after))):
                    if r == 0:
                        figures.setdefault((name + " (buffers touched)", size), []).append(blocks(db, script))
                    figures.setdefault((name + " (pgbench, ms)", size), []).append(
                        pgbench_ms(db, script, args.scans))
                for name, paths in (("GET /api/v1/posts/{id} (HTTP p50, ms)", gets[size]),
                                    ("GET /api/v1/posts?limit=50, first page (HTTP p50, ms)",
                                     ["/api/v1/posts?limit=50"]),
                                    ("GET /api/v1/posts?limit=50, page half-way down (HTTP p50, ms)",
                                     [f"/api/v1/posts?limit=50&cursor={cursor}"])):
                    latencies = http_ms(service, token, paths, args.seconds)
                    figures.setdefault((name, size), []).append(b.percentile(latencies, 50))
                    figures.setdefault((name.replace("p50", "p99"), size), []).append(b.percentile(latencies, 99))
    finally:
        for service, *_ in services.values():
            service.stop()
        auth.stop()

    counts = {size: s[2] for size, s in services.items()}
    print(f"\n{datetime.datetime.now().isoformat(timespec='seconds')}; machine: {os.cpu_count()} cores, load "
          f"{' '.join(b.machine_load())}; {args.rounds} rounds alternating between the sizes; each cell: the "
          f"fastest round (what the statement costs; a busy machine only adds), the median, and every round\n")
    print("| figure | " + " | ".join(f"{counts[s]:,} posts" for s in sizes) + " | ratio, fastest | ratio, median |")
    print("|---|" + "---|" * (len(sizes) + 2))
    names = list(dict.fromkeys(name for name, _ in figures))
    for name in names:
        fastest = [min(figures[(name, s)]) for s in sizes]
        medians = [sorted(figures[(name, s)])[len(figures[(name, s)]) // 2] for s in sizes]
        rounds = [" / ".join(f"{v:.2f}" for v in figures[(name, s)]) for s in sizes]
        print(f"| {name} | " + " | ".join(f"{f:.2f}, median {m:.2f} ({r})" for f, m, r in zip(fastest, medians, rounds))
              + f" | {fastest[-1] / max(fastest[0], 1e-9):.2f}x | {medians[-1] / max(medians[0], 1e-9):.2f}x |")


if __name__ == "__main__":
    main()
