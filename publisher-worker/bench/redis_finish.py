#!/usr/bin/env python3
"""How to send the Redis commands that finish one job: one round trip each, one pipeline, MULTI/EXEC, or one Lua
script. Each variant does what the worker does after a publish (XADD herald:{jobs}:results MAXLEN ~, DEL the job marker,
XACK the entry) for --jobs jobs from --clients concurrent connections, on Redis db --db (flushed first and after).

    python3 publisher-worker/bench/redis_finish.py --jobs 20000 --clients 16

Prints jobs/s and the Redis server's CPU seconds per 10,000 jobs (INFO cpu), so the server's cost is visible apart
from the round trips. Python 3 standard library only.
"""
import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drain import Redis  # noqa: E402

FINISH_SCRIPT = """
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 5))
redis.call('DEL', KEYS[2])
return redis.call('XACK', KEYS[3], ARGV[2], ARGV[3])
"""

RESULT = ["v", "1", "targetId", "7f7bd1c4-95a5-4bd8-9b5e-0a3c4c1c2f11", "attempt", "1", "outcome", "PUBLISHED",
          "externalId", "123456789_987654321", "externalUrl", "https://www.facebook.com/123456789_987654321",
          "errorCode", "", "errorMessage", "", "at", "2026-12-06T05:00:00Z", "traceparent", ""]


def commands(i):
    return [["XADD", "bench:results", "MAXLEN", "~", "100000", "*", *RESULT],
            ["DEL", f"bench:active:{i}"],
            ["XACK", "bench:jobs", "publishers", f"0-{i + 1}"]]


def run(variant, args, sha):
    per_client = args.jobs // args.clients

    def client(n):
        r = Redis("127.0.0.1", 6379, args.db)
        for j in range(per_client):
            i = n * per_client + j
            if variant == "one round trip each":
                for c in commands(i):
                    r.call(*c)
            elif variant == "pipeline":
                r.pipeline(commands(i))
            elif variant == "MULTI/EXEC":
                r.pipeline([["MULTI"], *commands(i), ["EXEC"]])
            else:
                r.call("EVALSHA", sha, "3", "bench:results", f"bench:active:{i}", "bench:jobs", "100000",
                       "publishers", f"0-{i + 1}", "unused", *RESULT)

    admin = Redis("127.0.0.1", 6379, args.db)
    cpu_before = server_cpu(admin)
    started = time.time()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.time() - started
    cpu = server_cpu(admin) - cpu_before
    jobs = per_client * args.clients
    print(f"| {variant} | {jobs / seconds:,.0f} | {cpu * 10000 / jobs:.2f} |")


def server_cpu(r):
    info = dict(line.split(":", 1) for line in r.call("INFO", "cpu").splitlines() if ":" in line)
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--db", type=int, default=14)
    args = parser.parse_args()
    r = Redis("127.0.0.1", 6379, args.db)
    r.call("FLUSHDB")
    r.call("XGROUP", "CREATE", "bench:jobs", "publishers", "0", "MKSTREAM")
    sha = r.call("SCRIPT", "LOAD", FINISH_SCRIPT)
    print(f"{args.jobs} jobs, {args.clients} clients; load average {open('/proc/loadavg').read().split()[0]}\n")
    print("| variant | jobs/s | Redis CPU s per 10,000 jobs |")
    print("|---|---|---|")
    for variant in ("one round trip each", "pipeline", "MULTI/EXEC", "Lua script (EVALSHA)"):
        run(variant, args, sha)
    r.call("FLUSHDB")


if __name__ == "__main__":
    main()
