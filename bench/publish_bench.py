#!/usr/bin/env python3
"""Measures Herald end to end on this machine and prints the figures as a Markdown table.

Starts every service with the local launcher (its own ports, database and Redis database, so it never meets a
local run), then, as one tenant with one connected Facebook Page on the platform simulator:
  1. creates --posts posts through POST /api/v1/posts with --concurrency clients (API latency and throughput),
  2. waits until every target is PUBLISHED (publish throughput, and per post createdAt -> publishedAt latency),
  3. checks with the simulator that each post was published exactly once.

    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 bench/publish_bench.py --posts 500 --concurrency 8

Needs the packaged services (./mvnw -B package -DskipTests). Stops what it started when it ends.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTS = {"AUTH_PORT": 28081, "CONTENT_PORT": 28082, "PUBLISHER_PORT": 28083, "HEALTH_PORT": 28084,
         "SIMULATOR_PORT": 28090}
AUTH = f"http://localhost:{PORTS['AUTH_PORT']}"
CONTENT = f"http://localhost:{PORTS['CONTENT_PORT']}"
SIMULATOR = f"http://localhost:{PORTS['SIMULATOR_PORT']}"


def launcher(command):
    env = dict(os.environ, HERALD_STATE_DIR=os.path.join(ROOT, "bench/target/state"), HERALD_DB="herald_bench",
               HERALD_REDIS_DB="8", HERALD_SKIP_BUILD="1",
               # one tenant sends every post: lift its write rate limit, and the simulated Page quota
               HERALD_CONTENT_RATE_LIMIT_CAPACITY="1000000", HERALD_CONTENT_RATE_LIMIT_REFILL_PER_SECOND="1000000",
               HERALD_SIMULATOR_FACEBOOK_CALLS_PER_HOUR_QUOTA="100000000",
               **{k: str(v) for k, v in PORTS.items()})
    subprocess.run(["bash", os.path.join(ROOT, "deploy/local/run.sh"), command], env=env, check=True,
                   stdout=sys.stderr)


def call(method, url, body=None, token=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return response.status, json.loads(text) if text else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for every post to be published")
    args = parser.parse_args()

    launcher("up")
    try:
        email = f"bench-{uuid.uuid4()}@herald.local"
        _, tokens = call("POST", f"{AUTH}/api/v1/auth/signup",
                         {"tenantName": "Bench", "email": email, "password": "correct horse battery staple"})
        token = tokens["access_token"]
        _, connect = call("POST", f"{AUTH}/api/v1/social-accounts/connect", {"platform": "FACEBOOK"}, token)
        with urllib.request.urlopen(connect["authorizationUrl"], timeout=30) as response:  # follows the redirect
            account = json.loads(response.read())["accounts"][0]["id"]
        run = uuid.uuid4().hex[:8]

        def create(i):
            started = time.perf_counter()
            status, post = call("POST", f"{CONTENT}/api/v1/posts",
                                {"text": f"Bench {run} post {i}", "targets": [{"socialAccountId": account}]},
                                token, {"Idempotency-Key": f"{run}-{i}"})
            return time.perf_counter() - started, status, post["id"]

        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            created = list(pool.map(create, range(args.posts)))
        create_seconds = time.perf_counter() - began
        assert all(status == 201 for _, status, _ in created), "every create answers 201"
        ids = [post_id for _, _, post_id in created]

        published = {}
        deadline = time.time() + args.timeout
        while len(published) < len(ids) and time.time() < deadline:
            for post_id in ids:
                if post_id in published:
                    continue
                _, post = call("GET", f"{CONTENT}/api/v1/posts/{post_id}", token=token)
                if post["status"] in ("PUBLISHED", "FAILED"):
                    published[post_id] = post
            time.sleep(0.5)
        all_seconds = time.perf_counter() - began
        done = [p for p in published.values() if p["status"] == "PUBLISHED"]
        e2e = [(datetime.fromisoformat(p["targets"][0]["publishedAt"].replace("Z", "+00:00"))
                - datetime.fromisoformat(p["createdAt"].replace("Z", "+00:00"))).total_seconds() for p in done]
        _, items = call("GET", f"{SIMULATOR}/_sim/published?platform=FACEBOOK")
        texts = [item.get("text", "") for item in items if item.get("text", "").startswith(f"Bench {run} ")]
        latencies_ms = [seconds * 1000 for seconds, _, _ in created]

        rows = [
            ("posts created (HTTP 201)", f"{len(created)} with {args.concurrency} concurrent clients"),
            ("create throughput", f"{len(created) / create_seconds:.0f} posts/s"),
            ("create latency p50 / p95 / p99", f"{percentile(latencies_ms, 50):.0f} / {percentile(latencies_ms, 95):.0f}"
                                               f" / {percentile(latencies_ms, 99):.0f} ms"),
            ("published", f"{len(done)} of {len(ids)} ({len(published) - len(done)} failed)"),
            ("publish throughput (first create to last published)", f"{len(done) / all_seconds:.1f} posts/s"),
            ("create to published p50 / p95 / max", f"{percentile(e2e, 50):.2f} / {percentile(e2e, 95):.2f}"
                                                    f" / {max(e2e):.2f} s" if e2e else "-"),
            ("published on the platform", f"{len(texts)} items, {len(set(texts))} distinct (duplicates: "
                                          f"{len(texts) - len(set(texts))})"),
        ]
        print(f"\n| figure | value |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")
        print(f"\nmedian of create latencies: {statistics.median(latencies_ms):.0f} ms; "
              f"machine: {os.cpu_count()} cores; {datetime.now().isoformat(timespec='seconds')}")
    finally:
        launcher("down")


if __name__ == "__main__":
    main()
