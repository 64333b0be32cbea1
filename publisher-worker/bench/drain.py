#!/usr/bin/env python3
"""Drain benchmark of the packaged publisher-worker against the BullMQ reference, in one run on this machine.

Starts, on ports and stores of its own (by default database herald_drain, Redis db 11, as bench/bench.py runs it; BullMQ Redis db 9):
  * the platform simulator (platform-simulator/target/quarkus-app) with the launcher's JVM flags for it (its
    HERALD_SIMULATOR_JAVA_OPTS default; --simulator-jvm to try others), with every Facebook feed call delayed 20 ms
    (fault {"endpoint":"facebook.feed","mode":"DELAY","latencyMs":20}) and one seeded Page,
  * a stub of auth-service's token, JWKS and credentials endpoints (a tiny HTTP server in this process),
  * the packaged worker (publisher-worker/target/quarkus-app) in prod mode with the launcher's JVM flags (its
    HERALD_JAVA_OPTS default; --worker-jvm to try others),
then enqueues --jobs jobs (stream contract v1, common's JobMessage fields) straight into herald:{jobs}:normal and
measures the drain rate: from the first XADD to the entry time of the last PUBLISHED result, every job one target.
It checks on the simulator that every post is public exactly once. Then it stops the worker and runs
bench/reference/bullmq-worker.mjs (same simulator, Page and token) at each --bullmq concurrency, back to back, and
prints a Markdown table with the ratios and the CPU each side spent per job: the worker's process or BullMQ's node
process (its enqueueing not included), the simulator, PostgreSQL and Redis (for BullMQ, enqueueing included).
--rounds repeats the whole sequence (a fresh worker, warmed again, each round) and prints the median of the rounds'
ratios: this machine's speed drifts from minute to minute, so a single pair settles little.

    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 publisher-worker/bench/drain.py --jobs 20000

Needs the packaged worker and simulator (./mvnw -B -pl publisher-worker,platform-simulator package -DskipTests),
`cd bench/reference && npm install`, PostgreSQL and Redis on localhost. The apps are copied to
publisher-worker/target/drain/ first, so a build running meanwhile cannot change them under the benchmark.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STATE = os.path.join(ROOT, "publisher-worker", "target", "drain")
APP_ID = "drain-app"


# ---------------------------------------------------------------- Redis (RESP2 over one socket, pipelined)

class Redis:
    def __init__(self, host, port, db):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")
        self.call("SELECT", db)

    @staticmethod
    def encode(*args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        return b"".join(out)

    def read(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)[:-2]
            return data.decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected reply " + repr(line))

    def call(self, *args):
        self.sock.sendall(self.encode(*args))
        return self.read()

    def pipeline(self, commands):
        self.sock.sendall(b"".join(self.encode(*c) for c in commands))
        return [self.read() for _ in commands]


# ---------------------------------------------------------------- helpers

def http(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        text = response.read()
        return response.status, json.loads(text) if text else None


def wait_ready(url, process, log, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"process exited during start-up; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"not ready after {seconds} s: {url}; see {log}")


def psql(sql, db="postgres"):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAqc", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def cpu_times():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


class Load:
    """CPU busy share of the whole machine and load average over a phase, and who else was busy."""

    def __init__(self):
        self.total, self.idle = cpu_times()
        self.started = time.time()

    def done(self):
        total, idle = cpu_times()
        busy = 1 - (idle - self.idle) / max(1, total - self.total)
        with open("/proc/loadavg") as f:
            load = f.read().split()[:3]
        return {"cpuBusy": round(busy * 100), "loadavg": " ".join(load)}


def process_cpu(pid):
    """CPU seconds (user + system) a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def store_cpu():
    """CPU seconds used so far by PostgreSQL's live processes and by Redis (the stores both workers lean on)."""
    totals = {"postgres": 0.0, "redis-server": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
            if name in totals:
                totals[name] += process_cpu(pid)
        except OSError:
            pass
    return totals["postgres"], totals["redis-server"]


def others_busy():
    """The busiest processes of the last moment that are not this benchmark's (other engineers' builds)."""
    out = subprocess.run(["ps", "-eo", "pid,pcpu,comm,args", "--sort=-pcpu", "--no-headers"], capture_output=True,
                         text=True).stdout.splitlines()
    rows = []
    for line in out[:8]:
        parts = line.split(None, 3)
        if len(parts) >= 3 and float(parts[1]) >= 5:
            rows.append(f"{parts[2]} {parts[1]}%")
    return ", ".join(rows) or "none above 5 %"


# ---------------------------------------------------------------- auth-service stub

class AuthStub:
    """auth-service's token endpoint, JWKS and internal credentials API, for the seeded accounts."""

    def __init__(self, port):
        self.accounts = {}
        self.calls = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path.startswith("/oauth2/token"):
                    self.answer(200, {"access_token": "drain-service-token", "token_type": "Bearer",
                                      "expires_in": 3600})
                else:
                    self.answer(404, {"status": 404})

            def do_GET(self):
                stub.calls += 1
                parts = self.path.split("?")[0].strip("/").split("/")
                if self.path.startswith("/.well-known/jwks.json"):
                    self.answer(200, {"keys": []})
                elif len(parts) == 5 and parts[:3] == ["internal", "v1", "social-accounts"] \
                        and parts[4] == "credentials" and parts[3] in stub.accounts:
                    self.answer(200, stub.accounts[parts[3]])
                else:
                    self.answer(404, {"status": 404, "title": "Not Found"})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, account_id, tenant_id, page_id, token):
        self.accounts[account_id] = {"socialAccountId": account_id, "tenantId": tenant_id, "platform": "FACEBOOK",
                                     "externalId": page_id, "accessToken": token, "expiresAt": None}


# ---------------------------------------------------------------- the run

class Bench:
    def __init__(self, args):
        self.args = args
        self.sim_url = f"http://localhost:{args.simulator_port}"
        self.worker_url = f"http://localhost:{args.worker_port}"
        self.java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
        self.processes = []
        self.pages = []
        self.run_id = datetime.now(timezone.utc).strftime("%H%M%S")

    # --- processes

    def copy_app(self, module, source=None):
        source = source or os.path.join(ROOT, module, "target", "quarkus-app")
        if not os.path.exists(os.path.join(source, "quarkus-run.jar")):
            sys.exit(f"{module} is not packaged: ./mvnw -B -pl {module} package -DskipTests")
        target = os.path.join(STATE, module)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
        return os.path.join(target, "quarkus-run.jar")

    def start(self, name, jar, env, jvm):
        log = os.path.join(STATE, f"{name}.log")
        process = subprocess.Popen([self.java, *jvm, "-jar", jar], env={**os.environ, **env},
                                   stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=STATE)
        self.processes.append(process)
        return process, log

    def stop(self, process, seconds=60):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process in self.processes:
            self.processes.remove(process)

    def start_simulator(self):
        jar = self.copy_app("platform-simulator")
        process, log = self.start("simulator", jar, {
            "QUARKUS_HTTP_PORT": str(self.args.simulator_port),
            "HERALD_SIMULATOR_PUBLIC_URL": self.sim_url,
            # every post of the run goes to one Page: lift the simulated hourly Graph quota (usage headers)
            "HERALD_SIMULATOR_FACEBOOK_CALLS_PER_HOUR_QUOTA": "1000000000",
        }, self.args.simulator_jvm.split())
        self.simulator = process
        wait_ready(self.sim_url + "/q/health/ready", process, log)
        for i in range(self.args.pages):
            status, page = http("POST", self.sim_url + "/_sim/facebook/pages",
                                {"name": f"Drain Page {i}", "appId": APP_ID})
            self.pages.append({"pageId": page["pageId"], "token": page["pageToken"],
                               "accountId": str(uuid.uuid4()), "tenantId": str(uuid.uuid4())})
        http("POST", self.sim_url + "/_sim/faults",
             {"endpoint": "facebook.feed", "mode": "DELAY", "latencyMs": self.args.latency_ms})

    def start_worker(self, concurrency):
        jar = self.worker_jar
        env = {
            "QUARKUS_HTTP_PORT": str(self.args.worker_port),
            "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://localhost:5432/{self.args.database}",
            "QUARKUS_DATASOURCE_USERNAME": "postgres", "QUARKUS_DATASOURCE_PASSWORD": "",
            "QUARKUS_REDIS_HOSTS": f"redis://localhost:6379/{self.args.redis_db}",
            "HERALD_AUTH_URL": f"http://localhost:{self.args.auth_port}",
            "HERALD_SERVICE_CLIENT_ID": "herald-services", "HERALD_SERVICE_CLIENT_SECRET": "drain-secret",
            "HERALD_FACEBOOK_APP_ID": APP_ID, "HERALD_FACEBOOK_API_VERSION": "v21.0",
            "HERALD_FACEBOOK_GRAPH_URL": self.sim_url, "HERALD_FACEBOOK_GRAPH_VIDEO_URL": self.sim_url,
            "HERALD_TIKTOK_API_URL": self.sim_url,
        }
        if concurrency:
            env["HERALD_PUBLISHER_CONCURRENCY"] = str(concurrency)
        for item in self.args.worker_env:
            key, _, value = item.partition("=")
            env[key] = value
        jvm = self.args.worker_jvm.split()
        if self.args.jfr:
            jvm.append(f"-XX:StartFlightRecording=filename={os.path.abspath(self.args.jfr)},settings=profile,"
                       "dumponexit=true")
        process, log = self.start("worker", jar, env, jvm)
        wait_ready(self.worker_url + "/q/health/ready", process, log)
        return process

    # --- Herald

    def reset_stores(self):
        psql(f"drop database if exists {self.args.database} with (force)")
        psql(f"create database {self.args.database}")
        r = Redis("127.0.0.1", 6379, self.args.redis_db)
        r.call("FLUSHDB")
        return r

    def jobs(self, count, label):
        prefix = f"Herald drain {self.run_id} {label}"
        now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
        for i in range(count):
            page = self.pages[i % len(self.pages)]
            target = str(uuid.uuid4())
            yield target, prefix + f" {i}", [
                "v", "1", "jobId", str(uuid.uuid4()), "tenantId", page["tenantId"], "postId", str(uuid.uuid4()),
                "targetId", target, "attempt", "1", "platform", "FACEBOOK", "socialAccountId", page["accountId"],
                "enqueuedAt", now, "traceparent", "",
                "payload", json.dumps({"text": prefix + f" {i}", "media": []}, separators=(",", ":"))]

    def drain(self, r, count, label, worker):
        """Enqueues `count` jobs and waits until each target has a PUBLISHED result; answers the figures, with the
        CPU the worker, the simulator, PostgreSQL and Redis spent per job."""
        before = r.call("XLEN", "herald:{jobs}:results")
        targets = set()
        commands = []
        for target, _, fields in self.jobs(count, label):
            targets.add(target)
            commands.append(["XADD", "herald:{jobs}:normal", "*", *fields])
        load = Load()
        cpu_before = process_cpu(worker.pid), process_cpu(self.simulator.pid), *store_cpu()
        started = time.time()
        for i in range(0, len(commands), 500):
            r.pipeline(commands[i:i + 500])
        enqueued = time.time()
        published = {}
        other = 0
        last_id = "-"
        deadline = time.time() + self.args.timeout
        while len(published) < count:
            if time.time() > deadline:
                sys.exit(f"{label}: only {len(published)} of {count} published after {self.args.timeout} s")
            time.sleep(0.25)
            if r.call("XLEN", "herald:{jobs}:results") - before < count:
                continue
            while True:
                start = "-" if last_id == "-" else "(" + last_id
                page = r.call("XRANGE", "herald:{jobs}:results", start, "+", "COUNT", "5000")
                if not page:
                    break
                for entry_id, flat in page:
                    last_id = entry_id
                    fields = dict(zip(flat[::2], flat[1::2]))
                    if fields.get("targetId") in targets:
                        if fields.get("outcome") == "PUBLISHED":
                            published.setdefault(fields["targetId"], int(entry_id.split("-")[0]))
                        else:
                            other += 1
        finished = max(published.values()) / 1000
        seconds = finished - started
        cpu_after = process_cpu(worker.pid), process_cpu(self.simulator.pid), *store_cpu()
        cpu_ms = [round((after - before) * 1000 / count, 2) for after, before in zip(cpu_after, cpu_before)]
        return {"jobs": count, "seconds": round(seconds, 2), "rate": round(count / seconds),
                "workerCpuMsPerJob": cpu_ms[0], "simulatorCpuMsPerJob": cpu_ms[1],
                "postgresCpuMsPerJob": cpu_ms[2], "redisCpuMsPerJob": cpu_ms[3],
                "enqueueSeconds": round(enqueued - started, 2), "otherResults": other, **load.done(),
                "others": others_busy()}

    def duplicates(self, label):
        """Posts of this run public on the simulator: how many, and how many texts were public more than once."""
        items = []
        for page in self.pages:
            _, listed = http("GET", self.sim_url + f"/_sim/published?platform=facebook&account={page['pageId']}",
                             timeout=120)
            items += listed
        prefix = f"Herald drain {self.run_id} {label} "
        public = [i["text"] for i in items if (i.get("text") or "").startswith(prefix) and i.get("published")]
        drafts = sum(1 for i in items if (i.get("text") or "").startswith(prefix) and not i.get("published"))
        return {"public": len(public), "duplicates": len(public) - len(set(public)), "drafts": drafts}

    def herald(self, concurrency, round_no):
        r = self.reset_stores()
        worker = self.start_worker(concurrency)
        try:
            for page in self.pages:
                self.auth.add(page["accountId"], page["tenantId"], page["pageId"], page["token"])
            label = f"r{round_no}c{concurrency or 'default'}"
            if self.args.warmup:
                warm = self.drain(r, self.args.warmup, label + "-warmup", worker)
                print(f"  warm-up: {warm['jobs']} jobs at {warm['rate']}/s", file=sys.stderr)
            figures = self.drain(r, self.args.jobs, label, worker)
            figures.update(self.duplicates(label))
            states = psql("select state || '=' || count(*) from publisher.publish_ledger group by state",
                          self.args.database)
            figures["ledger"] = states.replace("\n", " ")
            return figures
        finally:
            self.stop(worker)

    # --- BullMQ

    def reference_dir(self):
        """bench/reference, or a private copy of it when its node_modules lack ioredis (BullMQ 6 needs it installed
        beside it: `npm install` of bench/reference/package.json alone does not bring it)."""
        reference = os.path.join(ROOT, "bench", "reference")
        if os.path.isdir(os.path.join(reference, "node_modules", "ioredis")):
            return reference
        private = os.path.join(STATE, "reference")
        os.makedirs(private, exist_ok=True)
        for name in ("package.json", "bullmq-worker.mjs"):
            shutil.copy(os.path.join(reference, name), private)
        if not os.path.isdir(os.path.join(private, "node_modules", "ioredis")):
            for command in (["npm", "install", "--no-audit", "--no-fund"],
                            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "ioredis@5"]):
                subprocess.run(command, cwd=private, check=True, stdout=sys.stderr, stderr=sys.stderr)
        return private

    def bullmq(self, concurrency):
        page = self.pages[0]
        reference = self.reference_dir()
        load = Load()
        simulator_cpu = process_cpu(self.simulator.pid)
        stores = store_cpu()
        out = subprocess.run(["node", os.path.join(reference, "bullmq-worker.mjs"),
                              "--redis", f"redis://127.0.0.1:6379/{self.args.bullmq_redis_db}", "--graph", self.sim_url,
                              "--page", page["pageId"], "--token", page["token"],
                              "--jobs", str(self.args.jobs), "--concurrency", str(concurrency)],
                             cwd=reference, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("BullMQ reference failed: " + out.stderr[-2000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
        jobs = result["jobs"]
        return {"jobs": jobs, "seconds": round(result["seconds"], 2),
                "workerCpuMsPerJob": round(result["cpuMsPerJob"], 2),
                "simulatorCpuMsPerJob": round((process_cpu(self.simulator.pid) - simulator_cpu) * 1000 / jobs, 2),
                # enqueueing included here: the reference adds its jobs through Redis first
                **{key: round((after - before) * 1000 / jobs, 2) for key, after, before in
                   zip(("postgresCpuMsPerJob", "redisCpuMsPerJob"), store_cpu(), stores)},
                "rate": round(result["jobsPerSecond"]), "failed": result["failed"], **load.done(),
                "others": others_busy()}

    # --- all of it

    def run(self):
        os.makedirs(STATE, exist_ok=True)
        self.worker_jar = self.copy_app("publisher-worker", self.args.worker_app)
        self.auth = AuthStub(self.args.auth_port)
        self.start_simulator()
        rows = []
        try:
            for round_no in range(1, self.args.rounds + 1):
                for concurrency in self.args.herald:
                    print(f"round {round_no}: Herald, concurrency {concurrency or 'default'}", file=sys.stderr)
                    rows.append(("Herald", concurrency or "default", round_no, self.herald(concurrency, round_no)))
                    print("  ", rows[-1][3], file=sys.stderr)
                for concurrency in self.args.bullmq:
                    print(f"round {round_no}: BullMQ, concurrency {concurrency}", file=sys.stderr)
                    rows.append(("BullMQ", concurrency, round_no, self.bullmq(concurrency)))
                    print("  ", rows[-1][3], file=sys.stderr)
        finally:
            for process in list(self.processes):
                self.stop(process)
            self.auth.server.shutdown()
        self.report(rows)

    def report(self, rows):
        a = self.args
        print(f"\n`python3 publisher-worker/bench/drain.py {shlex.join(sys.argv[1:])}`\n")
        print(f"{a.jobs} jobs, feed call delayed {a.latency_ms} ms, {a.pages} Page(s), warm-up {a.warmup} jobs; "
              f"machine: {os.cpu_count()} cores; {datetime.now().isoformat(timespec='seconds')}\n")
        print("| round | worker | concurrency | seconds | jobs/s | CPU ms per job: worker / simulator / PostgreSQL / "
              "Redis | duplicates | machine CPU busy / loadavg | other busy processes at the end |")
        print("|---|---|---|---|---|---|---|---|---|")
        for who, concurrency, round_no, f in rows:
            dup = f"{f['duplicates']} ({f['public']} public, {f['drafts']} drafts)" if who == "Herald" \
                else f"failed {f['failed']}"
            print(f"| {round_no} | {who} | {concurrency} | {f['seconds']} | {f['rate']} | "
                  f"{f['workerCpuMsPerJob']} / {f['simulatorCpuMsPerJob']} / {f['postgresCpuMsPerJob']} / "
                  f"{f['redisCpuMsPerJob']} | {dup} | "
                  f"{f['cpuBusy']} % / {f['loadavg']} | {f['others']} |")
        print("\n| round | Herald concurrency | vs BullMQ | ratio |")
        print("|---|---|---|---|")
        ratios = {}  # (Herald's concurrency, BullMQ's) -> each round's ratio
        for round_no in range(1, a.rounds + 1):
            heralds = [r for r in rows if r[0] == "Herald" and r[2] == round_no]
            bulls = [r for r in rows if r[0] == "BullMQ" and r[2] == round_no]
            for h in heralds:
                for b in bulls:
                    ratio = h[3]["rate"] / b[3]["rate"]
                    ratios.setdefault((h[1], b[1]), []).append(ratio)
                    print(f"| {round_no} | {h[1]} | BullMQ at {b[1]} ({b[3]['rate']}/s) | {ratio:.2f}x |")
        if a.rounds > 1:
            # This machine's speed drifts by a fifth from minute to minute, so one pair settles little: each round's
            # ratio compares runs a minute apart, and the median of the rounds is the figure.
            print("\n| Herald concurrency | vs BullMQ at | the rounds' ratios | median |")
            print("|---|---|---|---|")
            for (h_concurrency, b_concurrency), each in ratios.items():
                print(f"| {h_concurrency} | {b_concurrency} | {', '.join(f'{x:.2f}x' for x in each)} | "
                      f"{statistics.median(each):.2f}x |")
        for who, concurrency, round_no, f in rows:
            if who == "Herald":
                print(f"\nHerald round {round_no} c={concurrency}: ledger {f['ledger']}; enqueue took "
                      f"{f['enqueueSeconds']} s; results other than PUBLISHED: {f['otherResults']}")


def launcher_flags(variable):
    """The JVM flags deploy/local/run.sh gives by default where `variable` is not set: HERALD_JAVA_OPTS for the
    services (the worker among them), HERALD_SIMULATOR_JAVA_OPTS for the simulator."""
    text = open(os.path.join(ROOT, "deploy", "local", "run.sh")).read()
    return re.search(r'\$\{' + variable + r':-([^}"]*)}', text).group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=20000)
    parser.add_argument("--warmup", type=int, default=2000, help="jobs drained first, not measured (JIT warm-up)")
    parser.add_argument("--herald", type=lambda s: [int(x) for x in s.split(",")], default=[0],
                        help="worker concurrencies to run (0 = the worker's default)")
    parser.add_argument("--bullmq", type=lambda s: [int(x) for x in s.split(",") if x], default=[50, 200],
                        help="BullMQ concurrencies ('' for none)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pages", type=int, default=1,
                        help="Pages the Herald jobs are spread over (BullMQ: the first)")
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--worker-env", action="append", default=[], help="KEY=VALUE for the worker (repeatable)")
    parser.add_argument("--worker-app", help="a quarkus-app directory to run instead of publisher-worker's own")
    parser.add_argument("--worker-jvm", default=launcher_flags("HERALD_JAVA_OPTS"),
                        help="the worker's JVM flags (default: the launcher's, as it ships)")
    parser.add_argument("--simulator-jvm", default=launcher_flags("HERALD_SIMULATOR_JAVA_OPTS"),
                        help="the simulator's JVM flags (default: the launcher's)")
    parser.add_argument("--jfr", help="record the worker with JFR (profile settings) into this file")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--simulator-port", type=int, default=38090)
    parser.add_argument("--worker-port", type=int, default=38083)
    parser.add_argument("--auth-port", type=int, default=38081)
    parser.add_argument("--redis-db", type=int, default=11, help="Redis logical database of the worker")
    parser.add_argument("--bullmq-redis-db", type=int, default=9, help="Redis logical database of BullMQ")
    parser.add_argument("--database", default="herald_drain", help="Postgres database of the worker (dropped first)")
    Bench(parser.parse_args()).run()


if __name__ == "__main__":
    main()
