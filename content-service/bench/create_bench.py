#!/usr/bin/env python3
"""Create benchmark: POST /api/v1/posts at N concurrent clients against the packaged content-service, and pgbench
doing a job row + an outbox row per transaction at the same client counts, in the same run; prints a table.

    cd content-service && JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 bench/create_bench.py --clients 16

Starts a stub of auth-service (JWKS, token, internal account API) and content-service from
target/quarkus-app/quarkus-run.jar with its env, database herald_content_bench and Redis db 10 (BENCH_REDIS_DB; the one bench/bench.py gives it). With
--app NAME=DIR repeated (e.g. a build from before a change and one from after), each is started on its own port and
database and the apps and pgbench are measured in turn, --rounds times, so all figures share the machine's load.
Each create is a one-target Facebook link post due in a day (the scheduler stays idle) with its own
Idempotency-Key; --batch N sends POST /api/v1/posts:batch with N such posts per request instead.
--jfr FILE records a JFR profile (settings=profile) over the measured window.
"""
import argparse
import datetime
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as b  # noqa: E402


REFERENCE_DB = b.DB + "_ref"  # same server, a database of its own


def free_connections():
    return int(b.psql("select current_setting('max_connections')::int - count(*) from pg_stat_activity",
                      db="postgres"))


def pgbench(clients, seconds, tries=6):
    """pgbench's TPS and per-transaction latencies (ms). The server's connections are shared with whatever else
    runs on the machine: waits for room for `clients` connections, and tries again when it was taken meanwhile."""
    for attempt in range(tries):
        deadline = time.time() + 60
        while free_connections() < clients + 3 and time.time() < deadline:
            time.sleep(1)
        logdir = tempfile.mkdtemp(prefix="pgbench-")
        out = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M", "prepared", "-c",
                              str(clients), "-j", "2", "-T", str(seconds), "-l", "--log-prefix",
                              os.path.join(logdir, "tx"), "-f", os.path.join(b.HERE, "create-reference.sql"),
                              REFERENCE_DB], capture_output=True, text=True)
        if out.returncode == 0:
            break
        if "too many clients" not in out.stderr or attempt == tries - 1:
            raise RuntimeError("pgbench failed: " + out.stderr[-2000:])
        b.log("pgbench: the server had no room for its connections; trying again")
        time.sleep(5)
    out = out.stdout
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out).group(1))
    latencies = []
    for name in os.listdir(logdir):
        with open(os.path.join(logdir, name)) as f:
            for line in f:
                latencies.append(int(line.split()[2]) / 1000.0)  # microseconds -> ms
    return tps, latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", action="append", default=None,
                        help="NAME=quarkus-app directory (repeatable: each is started on its own port and measured "
                             "in turn, round after round, with pgbench between; default: this=target/quarkus-app)")
    parser.add_argument("--clients", default="16", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=20, help="length of one measured window")
    parser.add_argument("--rounds", type=int, default=1, help="windows per app (and pgbench), interleaved")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of warm-up per app and client count")
    parser.add_argument("--warmup-requests", type=int, default=4000,
                        help="before the first client count, each app is warmed up until it answered this many "
                             "requests (the JIT compiles the create path; on a busy machine seconds alone may not)")
    parser.add_argument("--batch", type=int, default=0, help="posts per POST /api/v1/posts:batch (0: single creates)")
    parser.add_argument("--jfr", default=None, help="record a JFR profile of the measured windows into this file "
                                                      "(first app only)")
    parser.add_argument("--app-jvm", action="append", default=[],
                        help="NAME=ARGS: JVM arguments for that app, e.g. a -Dquarkus... setting to try (repeatable)")
    parser.add_argument("--no-pgbench", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",")]
    apps = [a.split("=", 1) for a in (args.app or ["this=" + os.path.join(b.MODULE, "target/quarkus-app")])]
    app_jvm = {name: shlex.split(jvm) for name, jvm in (a.split("=", 1) for a in args.app_jvm)}

    b.ensure_database(REFERENCE_DB)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", REFERENCE_DB, "-qf",
                    os.path.join(b.HERE, "create-reference-schema.sql")], check=True, capture_output=True)
    b.redis_cli("flushdb")
    auth = b.AuthStub()
    tenant = uuid.uuid4()
    account = auth.account(tenant)
    token = auth.token(tenant)
    services = {}
    results = {}
    failure = None
    try:
        for k, (name, app_dir) in enumerate(apps):
            services[name] = b.ContentService(auth.url, app_dir=app_dir, port=b.CONTENT_PORT + k,
                                              jvm_args=app_jvm.get(name, ()),
                                              log_file=f"/tmp/herald-bench-content-{name}.log",
                                              db=f"{b.DB}_{name}" if len(apps) > 1 else b.DB)
        due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        post = {"text": "Launch day!", "link": "https://example.com/launch",
                "targets": [{"socialAccountId": account}], "scheduledAt": due}
        body = json.dumps(post)
        counter = itertools.count()  # every request its own idempotency key, across windows and apps

        def maker(service):
            if args.batch:
                def make(i, n):
                    items = [dict(post, idempotencyKey=f"{run}-{next(counter)}") for _ in range(args.batch)]
                    return b.request_bytes("POST", "/api/v1/posts:batch", service.port, token,
                                           json.dumps({"items": items}))
            else:
                def make(i, n):
                    return b.request_bytes("POST", "/api/v1/posts", service.port, token, body,
                                           {"Idempotency-Key": f"{run}-{next(counter)}"})
            return make

        run = uuid.uuid4().hex[:8]
        for name, service in services.items():
            status, answer, _ = b.call("POST", service.url + ("/api/v1/posts:batch" if args.batch else "/api/v1/posts"),
                                       {"items": [post]} if args.batch else post, token)
            assert status in (200, 201), (status, answer)
        for name, service in services.items():
            done, started = 0, time.time()
            while done < args.warmup_requests and time.time() - started < 300:
                b.log(f"{name}: warm-up, {done} requests so far")
                _, latencies, _, _ = b.load(service.port, maker(service), max(client_counts), 5)
                done += len(latencies)
        for clients in client_counts:
            for name, service in services.items():
                b.log(f"{name}: warm-up {args.warmup:.0f} s at {clients} clients")
                b.load(service.port, maker(service), clients, args.warmup)
            for r in range(args.rounds):
                for k, (name, service) in enumerate(services.items()):
                    recording = args.jfr and k == 0 and r == 0
                    if recording:
                        service.jcmd("JFR.start", "name=bench", "settings=profile",
                                     f"filename={os.path.abspath(args.jfr)}")
                    load_before = b.machine_load()
                    b.log(f"{name}: measuring {args.seconds:.0f} s at {clients} clients (round {r + 1})")
                    cpu_before = service.cpu_seconds()
                    rps, latencies, statuses, busy = b.load(service.port, maker(service), clients, args.seconds)
                    cpu_ms = (service.cpu_seconds() - cpu_before) * 1000 / max(1, len(latencies))
                    if recording:
                        service.jcmd("JFR.stop", "name=bench")
                    per = args.batch or 1
                    results.setdefault((name, clients), []).append(
                        (rps * per, latencies, statuses, busy, load_before, cpu_ms / per))
                if not args.no_pgbench:
                    time.sleep(7)  # the services' idle connections go back to the shared server first
                    b.log(f"pgbench {args.seconds:.0f} s at {clients} clients (round {r + 1})")
                    cpu0 = b.cpu_times()
                    load_before = b.machine_load()
                    tps, pg_latencies = pgbench(clients, int(args.seconds))
                    cpu1 = b.cpu_times()
                    results.setdefault(("pgbench job+outbox", clients), []).append(
                        (tps, pg_latencies, {"tx": len(pg_latencies)},
                         (cpu1[0] - cpu0[0]) / max(1, cpu1[1] - cpu0[1]), load_before, None))
        rss = {name: service.rss_mb() for name, service in services.items()}
    except Exception as e:  # print what was measured before the failure, then fail
        failure = e
        b.log(f"stopped early: {e!r}")
        rss = {}
    finally:
        for service in services.values():
            service.stop()
        auth.stop()

    print(f"\n{args.label} {datetime.datetime.now().isoformat(timespec='seconds')}; machine: {os.cpu_count()} cores; "
          f"{args.rounds} window(s) of {args.seconds:.0f} s each, interleaved; "
          f"{'POST /api/v1/posts:batch with ' + str(args.batch) + ' posts' if args.batch else 'POST /api/v1/posts'}; "
          f"RSS after the run (MB): {rss}\n")
    print("| what | clients | posts/s (or TPS), mean of windows | windows | p50 ms | p99 ms | answers | "
          "service CPU ms per post | machine CPU busy | load avg before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    means = {}
    for (name, clients), windows in results.items():
        rates = [w[0] for w in windows]
        latencies = [x for w in windows for x in w[1]]
        statuses = {}
        for w in windows:
            for k, v in w[2].items():
                statuses[k] = statuses.get(k, 0) + v
        mean = sum(rates) / len(rates)
        means[(name, clients)] = mean
        print(f"| {name}{' (batch of ' + str(args.batch) + ')' if args.batch and 'pgbench' not in name else ''} | "
              f"{clients} | {mean:,.0f} | {' / '.join(f'{x:,.0f}' for x in rates)} | "
              f"{b.percentile(latencies, 50):.1f} | {b.percentile(latencies, 99):.1f} | {statuses} | "
              f"{' / '.join('-' if w[5] is None else f'{w[5]:.2f}' for w in windows)} | "
              f"{' / '.join(f'{w[3]:.0%}' for w in windows)} | {windows[0][4][0]} |")
    print()
    for (name, clients), mean in means.items():
        reference = means.get(("pgbench job+outbox", clients))
        if reference and "pgbench" not in name:
            print(f"at {clients} clients: {name} / pgbench = {mean / reference:.0%}")
    if failure:
        raise SystemExit(f"stopped early: {failure!r}")


if __name__ == "__main__":
    main()
