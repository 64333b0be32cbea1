#!/usr/bin/env python3
"""Herald's benchmark: runs Herald and its references side by side on this machine, in one go, and prints ratios.

    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 bench/bench.py --build --doc    # the full run (~35 min)
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 python3 bench/bench.py --smoke          # small N, a few minutes (CI)

What it measures (issue 11, "Benchmarks"; every figure next to its reference and the ratio):
  1. create: POST /api/v1/posts at 16 and 64 clients (posts/s, p50/p99) against pgbench with one job row + one
     outbox row per transaction at the same client counts. Measured by content-service/bench/create_bench.py
     (owned by content-service; called here with the snapshot's content-service, its output parsed);
  2. worker: draining N jobs with the simulator answering each feed post after 20 ms, ledger on, duplicates checked
     on the simulator, against a BullMQ worker (bench/reference/bullmq-worker.mjs) at concurrency 50 and 200
     making the same HTTP call for the same Page and token. Measured by publisher-worker/bench/drain.py (owned by
     publisher-worker; called with the snapshot's worker and the launcher's JVM flags); the full run does it three
     times and takes the median of the rounds' ratios (this machine's speed drifts from minute to minute);
  3. the whole system started by deploy/local/run.sh: N posts created through the API, all due at one instant:
     lateness p50/p99/max (due instant -> created on the simulator), posts/s until all are PUBLISHED, duplicates;
     then posts due at a steady 100/s: lateness p50/p99/max;
  4. the 1,000 vs 1,000,000 scale costs: content-service/bench/scale*.py when content-service has one (else
     skipped, with a message);
  5. footprint: RSS of every service after the run; start-up (launch -> /q/health/ready UP) of each service against
     a bare Quarkus app with the same extensions (bench/reference/bare-app, built here), and (full run) both again
     from a JDK AOT cache (-XX:AOTCacheOutput / -XX:AOTCache, the launcher's HERALD_AOT=1).

Herald runs from a copy of the packaged services (bench/target/snapshot; --build packages them first), so builds
during the run cannot change what is measured. Everything listens on 127.0.0.1 ports 29081-29282 and uses
databases and Redis databases of the bench's own (herald_bench + Redis 8 for the system, herald_bench_create + 10
for create_bench.py, herald_drain + 11 and BullMQ on 9 for drain.py), all stopped at the end (a second bench beside
it: HERALD_BENCH_PORT_SHIFT, HERALD_BENCH_DB, HERALD_BENCH_REDIS_DB). Results:
bench/target/results.json, a Markdown report on stdout and, with --doc, docs/benchmarks.md (between its
generated-section markers) and the chart docs/benchmarks-chart.svg. Python 3 standard library only.

PostgreSQL runs with autovacuum on, as a server in service has it: where the server's configuration turns it off (this
machine's does), the bench turns it on for the run and resets it at the end (--autovacuum-as-configured leaves it).
"""
import argparse
import atexit
import asyncio
import base64
import contextlib
import glob
import http.cookiejar
import json
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
TARGET = os.path.join(BENCH, "target")
SNAP = os.path.join(TARGET, "snapshot")
STATE = os.path.join(TARGET, "state")
BARE_APP = os.path.join(BENCH, "reference", "bare-app")
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
CHART = os.path.join(ROOT, "docs", "benchmarks-chart.svg")
JDK = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/temurin-25-jdk-amd64"

SERVICES = ["platform-simulator", "auth-service", "content-service", "publisher-worker", "health-aggregator"]
HERALD_SERVICES = ["auth-service", "content-service", "publisher-worker", "health-aggregator"]
# Ports, databases and Redis databases of the bench's own (the tests and a local run use others). Two benches on
# one machine (engineers measuring side by side) keep apart with HERALD_BENCH_PORT_SHIFT (added to every port),
# HERALD_BENCH_DB and HERALD_BENCH_REDIS_DB (the whole system's database and Redis database).
SHIFT = int(os.environ.get("HERALD_BENCH_PORT_SHIFT", "0"))
PORT = {name: port + SHIFT for name, port in {
    "auth-service": 29081, "content-service": 29082, "publisher-worker": 29083, "health-aggregator": 29084,
    "platform-simulator": 29090, "bare-app": 29099, "create-auth": 29181, "create-content": 29182,
    "drain-simulator": 29190, "drain-worker": 29183, "drain-auth": 29191, "scale-auth": 29281,
    "scale-content": 29282}.items()}
LAUNCHER_PORTS = {"AUTH_PORT": PORT["auth-service"], "CONTENT_PORT": PORT["content-service"],
                  "PUBLISHER_PORT": PORT["publisher-worker"], "HEALTH_PORT": PORT["health-aggregator"],
                  "SIMULATOR_PORT": PORT["platform-simulator"]}
AUTH, CONTENT, SIM = (f"http://localhost:{PORT[s]}" for s in ("auth-service", "content-service", "platform-simulator"))
# the whole system, started by the launcher (BullMQ: Redis db 9, drain.py's own)
DB = os.environ.get("HERALD_BENCH_DB", "herald_bench")
REDIS_DB = int(os.environ.get("HERALD_BENCH_REDIS_DB", "8"))
CREATE_DB, CREATE_REDIS_DB = "herald_bench_create", 10
DRAIN_REDIS_DB = 11  # drain.py's database is its own herald_drain
SCALE_DB, SCALE_REDIS_DB = "herald_bench_scale", 14
PASSWORD = "correct horse battery staple"
FEED_DELAY_MS = 20

# The worker is measured warm, as a long-running replica runs: after 2,000 jobs its JIT had not finished (496 jobs/s,
# against 726 after 10,000 in the same session); the BullMQ reference runs after it, against the simulator it warmed.
# content-service too: after 4,000 creates and 10 s its create rate still rose from window to window (963, 1,486,
# 1,790 posts/s in three 15 s windows of one session), so it is warmed with 30,000 creates first.
FULL = dict(create_seconds=20, create_warmup=15, create_warmup_requests=30000, drain_jobs=20000, drain_warmup=10000,
            drain_rounds=3, due=10000, steady_rate=100, steady_seconds=60, pages=20, lead=15, startup_reps=3, aot=True,
            smoke=False)
SMOKE = dict(create_seconds=3, create_warmup=2, create_warmup_requests=200, drain_jobs=500, drain_warmup=50,
             drain_rounds=1, due=300, steady_rate=100, steady_seconds=5, pages=5, lead=5, startup_reps=1, aot=False,
             smoke=True)

TARGETS = {  # issue 11, "Targets"
    "create16": "≥ 40 % of pgbench TPS, p99 < 50 ms",
    "worker": "≥ 1.0x BullMQ, 0 duplicates",
    "due_p99": "p99 < 5 s",
    "steady_p99": "p99 < 1 s",
    "rss": "< 250 MB",
    "startup": "≤ 1.3x the bare app",
}


def launcher_flags(variable):
    """The JVM flags deploy/local/run.sh gives by default where `variable` is not set: HERALD_JAVA_OPTS for the
    services, HERALD_SIMULATOR_JAVA_OPTS for the simulator."""
    text = open(os.path.join(ROOT, "deploy", "local", "run.sh")).read()
    match = re.search(r'\$\{' + variable + r':-([^}"]*)}', text)
    return match.group(1).split() if match else []


def run_flags(variable, given=None):
    """The JVM flags of this run for `variable`: given on the command line, else set in the environment (or by
    --herald-env), else the launcher's default. Read once, at the start, so every phase runs with the same."""
    value = given or Herald.extra_env.get(variable) or os.environ.get(variable)
    return value.split() if value else launcher_flags(variable)


def log(message):
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def die(message):
    raise SystemExit(f"[bench] {message}")


# ---------------------------------------------------------------------------------------------------------------
# Small tools: shell, SQL, Redis, HTTP


def sh(args, **kwargs):
    kwargs.setdefault("check", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("capture_output", True)
    try:
        return subprocess.run(args, **kwargs)
    except subprocess.CalledProcessError as e:
        die(f"{' '.join(map(str, args))[:200]} failed ({e.returncode}):\n"
            f"{(e.stdout or '')[-2000:]}{(e.stderr or '')[-2000:]}")


def psql(sql, db=DB, check=True):
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-XAtq", "-v", "ON_ERROR_STOP=1", "-F", "\t"]
    for attempt in range(150):  # the server is shared: wait out "too many clients" (up to 5 minutes)
        out = subprocess.run(args, input=sql, text=True, capture_output=True)
        if out.returncode == 0 or "too many clients" not in out.stderr:
            break
        time.sleep(2)
    if check and out.returncode != 0:
        die(f"psql failed ({out.returncode}): {out.stderr[-2000:]}\n{sql[:300]}")
    return out.stdout


def psql_rows(sql, db=DB):
    return [line.split("\t") for line in psql(sql, db).splitlines() if line]


class Autovacuum:
    """PostgreSQL's autovacuum on for the run, as a server in service has it (it is on unless configured off). This
    machine's server has it off in its configuration file: without it nothing is analysed (the planner has no
    statistics of the bench's fresh tables and scans them whole) and nothing is vacuumed (every row a burst moves stays
    in the indexes as a dead entry), so the bench turns it on (ALTER SYSTEM, reloaded) and resets it at the end."""
    configured = None

    @classmethod
    def prepare(cls, as_configured):
        """Turns it on unless `as_configured`; answers the state for the report."""
        configured = psql("SHOW autovacuum", db="postgres").strip()
        if configured != "on" and not as_configured:
            cls.configured = configured
            atexit.register(cls.reset)  # however the run ends
            psql("ALTER SYSTEM SET autovacuum = on", db="postgres")
            psql("SELECT pg_reload_conf()", db="postgres")
            log("PostgreSQL's autovacuum is off in the server's configuration: on for this run, reset at the end")
        return dict(configured=configured, run="as configured" if as_configured else "on")

    @classmethod
    def reset(cls):
        if cls.configured not in (None, "on"):
            psql("ALTER SYSTEM RESET autovacuum", db="postgres", check=False)
            psql("SELECT pg_reload_conf()", db="postgres", check=False)
            log(f"PostgreSQL's autovacuum reset to the server's configuration ({cls.configured})")
            cls.configured = None


def redis(*args, db=REDIS_DB):
    return sh(["redis-cli", "-n", str(db), *map(str, args)]).stdout.strip()


def redis_pipe(commands, db=REDIS_DB):
    """Sends commands (lists of strings) through redis-cli --pipe (RESP), as fast as Redis takes them."""
    chunks = []
    for command in commands:
        chunks.append(f"*{len(command)}\r\n")
        for arg in command:
            arg = str(arg)
            chunks.append(f"${len(arg.encode())}\r\n{arg}\r\n")
    out = sh(["redis-cli", "-n", str(db), "--pipe"], input="".join(chunks)).stdout
    if "errors: 0" not in out:
        die(f"redis-cli --pipe reported errors: {out}")


def call(method, url, body=None, token=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        die(f"{method} {url} answered {e.code}: {e.read()[:500]!r}")


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lower, upper = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (k - lower)


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text):
    """ISO-8601 (any precision, Z or offset) -> epoch seconds."""
    text = text.strip().replace("Z", "+00:00").replace(" ", "T")
    match = re.match(r"(.*T\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d(:?\d\d)?)?$", text)
    if not match:
        raise ValueError(f"not a time: {text}")
    base, fraction, offset = match.group(1), match.group(2) or "", match.group(3) or "+00:00"
    if re.fullmatch(r"[+-]\d\d", offset):
        offset += ":00"
    elif re.fullmatch(r"[+-]\d{4}", offset):
        offset = offset[:3] + ":" + offset[3:]
    seconds = datetime.fromisoformat(base + offset).timestamp()
    return seconds + (float(fraction) if fraction else 0.0)


class Http:
    """A minimal asyncio HTTP/1.1 client on one keep-alive connection (the load generator of the API phases)."""

    def __init__(self, port, host="127.0.0.1"):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def _open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
            self.writer = None

    async def request(self, method, path, body=b"", headers=None):
        for attempt in range(2):
            if self.writer is None:
                await self._open()
            head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
            head += [f"{k}: {v}" for k, v in (headers or {}).items()]
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            try:
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed")
            except (ConnectionError, OSError):
                self.close()
                if attempt:
                    raise
                continue
            status = int(status_line.split()[1])
            response_headers = {}
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                response_headers[name.strip().lower()] = value.strip()
            if "content-length" in response_headers:
                data = await self.reader.readexactly(int(response_headers["content-length"]))
            elif response_headers.get("transfer-encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int((await self.reader.readline()).split(b";")[0], 16)
                    if size == 0:
                        await self.reader.readline()
                        break
                    parts.append(await self.reader.readexactly(size))
                    await self.reader.readline()
                data = b"".join(parts)
            else:
                data = await self.reader.read()
                self.close()
            if response_headers.get("connection", "").lower() == "close":
                self.close()
            return status, data
        raise ConnectionError("unreachable")


async def load(port, count, clients, make_request):
    """Runs `count` requests over `clients` connections; answers (seconds, [(latency_ms, status, body)])."""
    results = [None] * count
    next_index = iter(range(count))

    async def client():
        http = Http(port)
        try:
            for i in next_index:
                method, path, body, headers = make_request(i)
                started = time.perf_counter()
                status, data = await http.request(method, path, body, headers)
                results[i] = ((time.perf_counter() - started) * 1000, status, data)
        finally:
            http.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - began, results


# ---------------------------------------------------------------------------------------------------------------
# The machine: how busy it was, by whom


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_jiffies():
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]), idle


def proc_jiffies(pid):
    try:
        rest = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(rest[11]) + int(rest[12])
    except (OSError, IndexError, ValueError):
        return None


def proc_start_wall(pid):
    """The wall-clock time a process was launched (10 ms resolution)."""
    rest = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    start_ticks = int(rest[19])
    uptime = float(open("/proc/uptime").read().split()[0])
    return time.time() - (uptime - start_ticks / CLK_TCK)


def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def foreign_processes():
    """Heavy processes on the machine that this run did not start: other engineers' builds, tests and apps."""
    ours = {os.getpid(), *Herald.pids().values()}
    kinds = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in ours:
            continue
        try:
            cmd = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "bench/target/snapshot" in cmd or "bare-app" in cmd:
            continue
        kind = ("Maven build" if "plexus-classworlds" in cmd else "surefire test JVM" if "surefire" in cmd
                else "other Quarkus app" if "quarkus-run.jar" in cmd else "other JVM" if "/bin/java" in cmd
                else "node" if cmd.startswith("node ") else None)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


class Phase:
    """Times a phase and says how busy the machine was meanwhile and who used the CPU."""
    records = []

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log(f"--- {self.name}")
        self.t0, self.wall0 = time.perf_counter(), time.time()
        self.cpu0 = cpu_jiffies()
        self.self0 = sum(os.times()[:4])
        self.pids = dict(Herald.pids())
        self.herald0 = {name: proc_jiffies(pid) or 0 for name, pid in self.pids.items()}
        self.foreign = foreign_processes()
        self.load0 = os.getloadavg()[0]
        return self

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.t0
        total1, idle1 = cpu_jiffies()
        total, idle = total1 - self.cpu0[0], idle1 - self.cpu0[1]
        busy_s = (total - idle) / CLK_TCK
        by_service = {name: max(0, (proc_jiffies(pid) or 0) - self.herald0.get(name, 0)) / CLK_TCK
                      for name, pid in self.pids.items()}
        herald_s = sum(by_service.values())
        client_s = sum(os.times()[:4]) - self.self0
        Phase.records.append(dict(
            name=self.name, seconds=round(seconds, 1), busy_pct=round(100 * (total - idle) / max(total, 1), 1),
            herald_cpu_s=round(herald_s, 1), by_service={k: round(v, 2) for k, v in by_service.items()},
            bench_cpu_s=round(client_s, 1),
            other_cpu_s=round(max(0.0, busy_s - herald_s - client_s), 1), load_start=round(self.load0, 2),
            load_end=round(os.getloadavg()[0], 2), foreign=self.foreign))
        return False


# ---------------------------------------------------------------------------------------------------------------
# Herald: a snapshot of the packaged services, started and stopped by the local launcher


def newest_mtime(path):
    newest = 0.0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
            except OSError:
                pass
    return newest


class Herald:
    extra_env = {}

    @staticmethod
    def snapshot():
        """Copies each packaged service, waiting out a build that is writing it (other engineers rebuild meanwhile)."""
        built = {}
        for service in SERVICES:
            source = os.path.join(ROOT, service, "target", "quarkus-app")
            target = os.path.join(SNAP, service, "target", "quarkus-app")
            for attempt in range(40):
                if not os.path.exists(os.path.join(source, "quarkus-run.jar")):
                    if attempt == 0:
                        log(f"{service} is not packaged: building it (./mvnw package -DskipTests -pl {service} -am)")
                        subprocess.run(["./mvnw", "-B", "-q", "package", "-DskipTests", "-pl", service, "-am"],
                                       cwd=ROOT, env=dict(os.environ, JAVA_HOME=JDK), check=False)
                    else:
                        time.sleep(15)
                    continue
                newest = newest_mtime(source)
                if time.time() - newest < 20:
                    log(f"{service} was written {time.time() - newest:.0f} s ago (a build?); waiting")
                    time.sleep(10)
                    continue
                shutil.rmtree(target, ignore_errors=True)
                try:
                    shutil.copytree(source, target)
                except (OSError, shutil.Error) as e:
                    log(f"copying {service} failed ({e}); trying again")
                    time.sleep(10)
                    continue
                if newest_mtime(source) != newest or not os.path.exists(os.path.join(target, "quarkus-run.jar")):
                    log(f"{service} changed while being copied; trying again")
                    continue
                built[service] = datetime.fromtimestamp(newest).isoformat(timespec="seconds")
                break
            else:
                die(f"{service}/target/quarkus-app never settled; build it (./mvnw -B package -DskipTests) and rerun")
        os.makedirs(os.path.join(SNAP, "deploy", "local"), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, "deploy", "local", "run.sh"), os.path.join(SNAP, "deploy", "local", "run.sh"))
        return built

    @staticmethod
    def env(extra=None):
        env = dict(os.environ, JAVA_HOME=JDK, HERALD_STATE_DIR=STATE, HERALD_DB=DB, HERALD_REDIS_DB=str(REDIS_DB),
                   HERALD_SKIP_BUILD="1",
                   # one tenant sends every post: lift its write rate limit, and the simulated Page's call quota
                   HERALD_CONTENT_RATE_LIMIT_CAPACITY="1000000000",
                   HERALD_CONTENT_RATE_LIMIT_REFILL_PER_SECOND="1000000000",
                   HERALD_SIMULATOR_FACEBOOK_CALLS_PER_HOUR_QUOTA="1000000000",
                   **{k: str(v) for k, v in LAUNCHER_PORTS.items()})
        env.update(Herald.extra_env)
        env.update(extra or {})
        return env

    @staticmethod
    def launcher(command, extra=None, background=False):
        os.makedirs(STATE, exist_ok=True)
        out = open(os.path.join(TARGET, "launcher.log"), "a")
        args = ["bash", os.path.join(SNAP, "deploy", "local", "run.sh"), command]
        if background:
            return subprocess.Popen(args, env=Herald.env(extra), stdout=out, stderr=subprocess.STDOUT)
        for attempt in range(3):
            result = subprocess.run(args, env=Herald.env(extra), stdout=out, stderr=subprocess.STDOUT, timeout=900)
            if result.returncode == 0:
                return
            log(f"deploy/local/run.sh {command} failed (see {TARGET}/launcher.log and {STATE}/logs); "
                f"{'trying again' if attempt < 2 else 'giving up'}")
            time.sleep(5)
        die(f"deploy/local/run.sh {command} failed three times")

    @staticmethod
    def pids():
        pids = {}
        for service in SERVICES:
            try:
                pid = int(open(os.path.join(STATE, "run", f"{service}.pid")).read().strip())
                if proc_jiffies(pid) is not None:
                    pids[service] = pid
            except (OSError, ValueError):
                pass
        return pids

    @staticmethod
    def stop(service):
        pid = Herald.pids().get(service)
        if not pid:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + 90
        while proc_jiffies(pid) is not None and time.time() < deadline:
            time.sleep(0.05)
        if proc_jiffies(pid) is not None:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)

    @staticmethod
    def restart(service, extra=None):
        Herald.stop(service)
        Herald.launcher("up", extra)

    @staticmethod
    def java_flags(service="content-service"):
        """The JVM flags the launcher gave a running service (between `java` and `-jar`)."""
        pid = Herald.pids()[service]
        args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        args = [a.decode() for a in args if a]
        return args[1:args.index("-jar")]


def fresh_infrastructure():
    """A database and Redis databases of the bench's own, empty."""
    Herald.launcher("down")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", db="postgres")
    psql(f"CREATE DATABASE {DB}", db="postgres")
    redis("FLUSHDB")


def ready(port, timeout=2.0):
    try:
        with urllib.request.urlopen(f"http://localhost:{port}/q/health/ready", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read()).get("status") == "UP"
    except (OSError, ValueError, urllib.error.URLError):
        return False


# ---------------------------------------------------------------------------------------------------------------
# The bench's tenant, Pages and accounts


class Ctx:
    def __init__(self):
        self.email = f"bench-{uuid.uuid4().hex[:8]}@herald.local"
        self.token = None

    def login(self):
        _, body = call("POST", f"{AUTH}/api/v1/auth/login", {"email": self.email, "password": PASSWORD})
        self.token = body["access_token"]
        return self.token


def setup(pages):
    """The bench's tenant with `pages` Facebook Pages of one simulator user connected (an agency's Pages: the posts
    of the due and steady phases go to them in turn, so that the worker's per-account limit is not what is
    measured), the feed call answering after 20 ms."""
    call("POST", f"{SIM}/_sim/faults", {"endpoint": "facebook.feed", "mode": "DELAY", "latencyMs": FEED_DELAY_MS})
    _, first = call("POST", f"{SIM}/_sim/facebook/pages", {"name": "Bench Page 0"})
    created = [first] + [call("POST", f"{SIM}/_sim/facebook/pages", {"name": f"Bench Page {k}",
                                                                      "userId": first["userId"]})[1]
                         for k in range(1, pages)]
    call("PUT", f"{SIM}/_sim/oauth/facebook", {"consent": "APPROVE", "userId": first["userId"]})
    ctx = Ctx()
    _, tokens = call("POST", f"{AUTH}/api/v1/auth/signup",
                     {"tenantName": "Bench", "email": ctx.email, "password": PASSWORD})
    ctx.token = tokens["access_token"]
    claims = json.loads(base64.urlsafe_b64decode(ctx.token.split(".")[1] + "=="))
    ctx.tenant = claims["tid"]
    accounts = {a["externalId"]: a["id"] for a in connect_facebook(ctx.token)}
    ctx.pages = [page["pageId"] for page in created]
    ctx.accounts = [accounts[page] for page in ctx.pages]
    call("PUT", f"{SIM}/_sim/oauth/facebook", {"consent": "APPROVE"})
    return ctx


def connect_facebook(token):
    """Connects the consenting simulator user's Pages as a browser would: the start link (it sets the flow's binding
    cookie), the simulator's dialog, the callback and, when auth-service asks for it, the confirmation form."""
    _, connect = call("POST", f"{AUTH}/api/v1/social-accounts/connect", {"platform": "FACEBOOK"}, token)
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    request = urllib.request.Request(connect["authorizationUrl"], headers={"Accept": "application/json"})
    with browser.open(request, timeout=30) as response:  # follows the redirects
        body = json.loads(response.read())
    if body.get("status") == "CONFIRMATION_REQUIRED":
        form = urllib.parse.urlencode({"connect": body["connectId"], "csrf": body["csrfToken"],
                                       "decision": "confirm"}).encode()
        request = urllib.request.Request(body["confirmUrl"], data=form, headers={
            "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"})
        with browser.open(request, timeout=30) as response:
            body = json.loads(response.read())
    return body["accounts"]


def sim_published(page):
    _, items = call("GET", f"{SIM}/_sim/published?platform=FACEBOOK&account={page}", timeout=300)
    return items


def published_with_prefix(items, prefix):
    """Sim items whose text starts with prefix: {text: [createdTime epoch, ...]} (more than one = a duplicate)."""
    found = {}
    for item in items:
        text = item.get("text") or ""
        if text.startswith(prefix):
            found.setdefault(text, []).append(parse_time(item["createdTime"]))
    return found


# ---------------------------------------------------------------------------------------------------------------
# 1. create against pgbench, 2. the worker against BullMQ: the module owners' benchmarks, called and parsed


def table_rows(text):
    """The rows of the Markdown tables in a script's output, as lists of stripped cells (separators left out)."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and line.endswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line[1:-1].split("|")])
    return rows


def number(text):
    return float(text.replace(",", ""))


def run_script(name, args, env, log_file, timeout):
    """Runs one of the module owners' benchmark scripts; answers its stdout, or None (with the reason logged) when it
    failed, so that one broken phase does not cost the others."""
    command = [sys.executable, *args]
    log(f"running {' '.join(os.path.relpath(a, ROOT) if a.startswith(ROOT) else a for a in command[1:])}")
    with open(log_file, "w") as err:
        try:
            out = subprocess.run(command, cwd=ROOT, env=dict(os.environ, JAVA_HOME=JDK, MALLOC_ARENA_MAX="2", **env),
                                 stdout=subprocess.PIPE,
                                 stderr=err, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            log(f"{name} did not finish within {timeout} s; see {log_file}")
            return None
    open(log_file, "a").write("\n--- stdout\n" + out.stdout)
    if out.returncode != 0:
        log(f"{name} failed ({out.returncode}); see {log_file}")
        return None
    return out.stdout


CREATE_BENCH = os.path.join(ROOT, "content-service", "bench", "create_bench.py")
DRAIN_BENCH = os.path.join(ROOT, "publisher-worker", "bench", "drain.py")


def free_connections():
    row = psql("""SELECT current_setting('max_connections')::int
                  - current_setting('superuser_reserved_connections')::int
                  - (SELECT count(*) FROM pg_stat_activity)""", db="postgres").strip()
    return int(row)


def await_connections(needed, patience):
    """The PostgreSQL server is shared (max_connections): waits up to `patience` seconds until `needed` connections
    are free, so that a phase does not fail on "too many clients" because of someone else's tests."""
    deadline, free = time.time() + patience, free_connections()
    while free < needed and time.time() < deadline:
        log(f"only {free} PostgreSQL connections free (need {needed}); waiting")
        time.sleep(10)
        free = free_connections()
    return free


def create_bench(sizes):
    """content-service/bench/create_bench.py (owned by content-service): the packaged content-service (from the
    snapshot) behind a stub of auth-service, POST /api/v1/posts at 16 and 64 clients, and pgbench with a job row and
    an outbox row per transaction at the same client counts, in turn on the same machine."""
    for attempt in range(3):
        free = await_connections(64 + 10, 300)
        out = run_script("create_bench.py", [
            CREATE_BENCH, "--app", "herald=" + os.path.join(SNAP, "content-service", "target", "quarkus-app"),
            "--clients", "16,64", "--seconds", str(sizes["create_seconds"]), "--warmup", str(sizes["create_warmup"]),
            "--warmup-requests", str(sizes["create_warmup_requests"]), "--label", "bench.py"],
            dict(BENCH_DB=CREATE_DB, BENCH_REDIS_DB=str(CREATE_REDIS_DB), BENCH_AUTH_PORT=str(PORT["create-auth"]),
                 BENCH_CONTENT_PORT=str(PORT["create-content"])),
            os.path.join(TARGET, "create_bench.log"), timeout=1800)
        if out is not None or "too many clients" not in open(os.path.join(TARGET, "create_bench.log")).read():
            break
        log(f"create_bench.py ran out of PostgreSQL connections (the server is shared; {free} were free when it "
            f"started); trying again")
    if out is None:
        return {"error": "create_bench.py failed; see bench/target/create_bench.log"}
    figures = {"output": out}
    for cells in table_rows(out):
        if len(cells) >= 6 and cells[1].isdigit():
            who = "pgbench" if cells[0].startswith("pgbench") else "herald"
            figures[f"{who}{cells[1]}"] = dict(rate=number(cells[2]), p50=number(cells[4]), p99=number(cells[5]),
                                               answers=cells[6] if len(cells) > 6 else "",
                                               cpu_ms=cells[7] if len(cells) > 7 else "")
    rss = re.search(r"RSS after the run \(MB\): \{'herald': (\d+)\}", out)
    figures["rss_after"] = int(rss.group(1)) if rss else None
    return figures


def drain_bench(sizes, java_flags, simulator_flags):
    """publisher-worker/bench/drain.py (owned by publisher-worker): the packaged worker (from the snapshot, with the
    launcher's JVM flags) and the simulator answering each feed post after 20 ms; N jobs written into the stream,
    spread over the due phase's Pages (an agency's: one Page alone measures the worker's per-account limit, 16 jobs
    in flight), timed until the last PUBLISHED result, checked for duplicates on the simulator; then the BullMQ
    reference (bench/reference/bullmq-worker.mjs, which has no per-account limit) at concurrency 50 and 200 against
    the same simulator, its first Page and token. All of it `drain_rounds` times: the machine's speed drifts by a fifth
    from minute to minute, so each round's ratio compares runs a minute apart and the report takes the median."""
    await_connections(40, 300)
    out = run_script("drain.py", [
        DRAIN_BENCH, "--jobs", str(sizes["drain_jobs"]), "--warmup", str(sizes["drain_warmup"]),
        "--rounds", str(sizes["drain_rounds"]),
        "--herald", "0", "--bullmq", "50,200", "--latency-ms", str(FEED_DELAY_MS), "--pages", str(sizes["pages"]),
        "--worker-app", os.path.join(SNAP, "publisher-worker", "target", "quarkus-app"),
        "--worker-jvm=" + " ".join(java_flags), "--simulator-jvm=" + " ".join(simulator_flags),
        "--simulator-port", str(PORT["drain-simulator"]),
        "--worker-port", str(PORT["drain-worker"]), "--auth-port", str(PORT["drain-auth"]),
        "--redis-db", str(DRAIN_REDIS_DB), "--timeout", "3600"], {}, os.path.join(TARGET, "drain.log"), timeout=3600)
    if out is None:
        return {"error": "drain.py failed; see bench/target/drain.log"}
    figures = {"output": out, "herald": {}, "bullmq": {}}
    for cells in table_rows(out):
        if len(cells) >= 8 and cells[1] in ("Herald", "BullMQ") and cells[0].isdigit():
            f = dict(round=int(cells[0]), seconds=number(cells[3]), rate=number(cells[4]), cpu=cells[5],
                     check=cells[6], machine=cells[7])
            if cells[1] == "Herald":
                m = re.match(r"(\d+) \((\d+) public", cells[6])
                f.update(duplicates=int(m.group(1)) if m else None, public=int(m.group(2)) if m else None)
                figures["herald"].setdefault(cells[2], []).append(f)
            else:
                m = re.match(r"failed (\d+)", cells[6])
                f.update(failed=int(m.group(1)) if m else None)
                figures["bullmq"].setdefault(cells[2], []).append(f)
    ledger = re.search(r"ledger (.*?); enqueue", out)
    figures["ledger"] = ledger.group(1) if ledger else None
    return figures


# ---------------------------------------------------------------------------------------------------------------
# 4. scale: the content-service owner's scripts, when there are any


def scale_bench(sizes):
    scripts = sorted(glob.glob(os.path.join(ROOT, "content-service", "bench", "scale*.py")))
    if not scripts:
        log("scale: no content-service/bench/scale*.py yet (content-service owns the 1,000 vs 1,000,000 figures); "
            "skipped")
        return {"skipped": "no content-service/bench/scale*.py in this tree (content-service owns it)"}
    script = scripts[0]
    args = [script] + (["--smoke"] if sizes.get("smoke") and "--smoke" in open(script).read() else [])
    out = run_script(os.path.basename(script), args,
                     dict(BENCH_DB=SCALE_DB, BENCH_REDIS_DB=str(SCALE_REDIS_DB),
                          BENCH_AUTH_PORT=str(PORT["scale-auth"]), BENCH_CONTENT_PORT=str(PORT["scale-content"])),
                     os.path.join(TARGET, "scale.log"), timeout=5400)
    if out is None:
        return {"error": f"{os.path.basename(script)} failed; see bench/target/scale.log"}
    return {"script": os.path.relpath(script, ROOT), "args": args[1:], "output": out}


# ---------------------------------------------------------------------------------------------------------------
# 3. due at one instant, and due at a steady rate


def target_counts(tenant, where):
    rows = psql_rows(f"""SELECT count(*) FILTER (WHERE t.status = 'PUBLISHED'),
        count(*) FILTER (WHERE t.status IN ('FAILED', 'UNKNOWN_OUTCOME', 'CANCELLED')), count(*)
      FROM content.post_targets t JOIN content.posts p ON p.id = t.post_id
      WHERE p.tenant_id = '{tenant}' AND {where}""")
    published, failed, total = map(int, rows[0])
    return published, failed, total


def await_final(tenant, where, count, timeout, label):
    deadline, last_report = time.time() + timeout, 0
    while True:
        published, failed, total = target_counts(tenant, where)
        if published + failed >= count:
            return published, failed
        if time.time() > deadline:
            log(f"{label}: only {published} published, {failed} failed of {count} after {timeout} s")
            return published, failed
        if time.time() - last_report > 10:
            log(f"{label}: {published}/{count} published")
            last_report = time.time()
        # once a second: the count joins posts and targets, and its PostgreSQL time comes out of the machine the burst
        # runs on (1.6 s of a 10,000-post burst at four a second). The figures do not depend on it: lateness is read
        # from the simulator's timestamps, the rate from the targets' last status change.
        time.sleep(1.0)


def lateness_figures(lateness, prefix_items, count):
    duplicates = sum(len(times) - 1 for times in prefix_items.values())
    return dict(p50=percentile(lateness, 50), p99=percentile(lateness, 99), max=max(lateness) if lateness else None,
                on_platform=len(prefix_items), expected=count, duplicates=duplicates)


def heap_figures(service):
    """A service's collector figures from its /q/metrics (Micrometer's JVM metrics), in MB: what was promoted to the
    old generation so far, and the old generation's committed size; None when the service does not answer."""
    try:
        with urllib.request.urlopen(f"http://localhost:{PORT[service]}/q/metrics", timeout=10) as response:
            text = response.read().decode()
    except OSError:
        return None

    def megabytes(pattern):
        match = re.search(pattern, text, re.M)
        return float(match.group(1)) / 1e6 if match else None
    old_generation = r'^jvm_memory_committed_bytes\{area="heap",id="(?:Tenured Gen|G1 Old Gen)"\} (\S+)$'
    return dict(promoted=megabytes(r"^jvm_gc_memory_promoted_bytes_total (\S+)$"),
                old_committed=megabytes(old_generation))


def heap_during(before, after):
    """Per service: MB promoted between the two readings, and the old generation committed at the second."""
    figures = {}
    for service, first in before.items():
        last = after.get(service)
        if first and last and None not in (first["promoted"], last["promoted"], last["old_committed"]):
            figures[service] = dict(promoted_mb=round(last["promoted"] - first["promoted"], 1),
                                    old_committed_mb=round(last["old_committed"]))
    return figures


# The services whose heap the burst fills: the worker holds its jobs in flight, content-service the results it applies.
HEAP_SERVICES = ("content-service", "publisher-worker")


def due_at_once(ctx, tag, due, count, note, phase=None):
    """With `phase`, the time from the due instant until every post is final is a Phase of its own (the wait for
    the due instant left out), and the figures say what each service spent on a post meanwhile and what the burst
    left in the old generation of the services it fills."""
    wait = due - time.time()
    if wait > 0:
        log(f"waiting {wait:.0f} s for the due instant {iso(due)}")
        time.sleep(wait)
    where = f"p.scheduled_at = '{iso(due)}'"
    heap_before = {service: heap_figures(service) for service in HEAP_SERVICES} if phase else {}
    with Phase(phase) if phase else contextlib.nullcontext():
        published, failed = await_final(ctx.tenant, where, count, max(600, count / 5), "due at once")
    heap = heap_during(heap_before, {service: heap_figures(service) for service in heap_before})
    last = psql(f"""SELECT extract(epoch FROM max(t.status_changed_at)) FROM content.post_targets t
        JOIN content.posts p ON p.id = t.post_id
        WHERE p.tenant_id = '{ctx.tenant}' AND {where} AND t.status = 'PUBLISHED'""").strip()
    items = published_with_prefix([i for page in ctx.pages for i in sim_published(page)], f"bench {tag} ")
    lateness = sorted(min(times) - due for times in items.values())
    figures = lateness_figures(lateness, items, count)
    figures.update(published=published, failed=failed, count=count,
                   rate=published / (float(last) - due) if last else None,
                   all_published_after=(float(last) - due) if last else None, curve=lateness, note=note)
    if phase and published:
        record = Phase.records[-1]
        figures["cpu_ms_per_post"] = {**{name: round(1000 * cpu / published, 2)
                                         for name, cpu in record["by_service"].items()},
                                      "others (PostgreSQL, Redis)": round(1000 * record["other_cpu_s"] / published, 2)}
        figures["busy_pct"] = record["busy_pct"]
    if heap:
        figures["heap_mb"] = heap
    return figures


def steady(ctx, tag, rate, seconds, create_rate, lead):
    count = int(rate * seconds)
    start = time.time() + count / max(create_rate, 20) * 1.5 + lead
    due_of = lambda i: start + i / rate  # noqa: E731
    log(f"steady: creating {count} posts due at {rate}/s from {iso(start)}")
    created = create_posts(ctx, tag, count, 16, lambda i: iso(due_of(i)))
    created_in_time = time.time() < start
    if not created_in_time:
        log("steady: the creates ran past the first due instant; the figure is not clean")
    time.sleep(max(0.0, start + seconds - time.time()))
    where = f"p.text LIKE 'bench {tag} %'"
    published, failed = await_final(ctx.tenant, where, count, max(300, count / 5), "steady")
    items = published_with_prefix([i for page in ctx.pages for i in sim_published(page)], f"bench {tag} ")
    lateness = sorted(min(times) - due_of(int(text.rsplit(" ", 1)[1])) for text, times in items.items())
    figures = lateness_figures(lateness, items, count)
    figures.update(published=published, failed=failed, rate=rate, seconds=seconds, created=created,
                   created_in_time=created_in_time, curve=lateness)
    return figures



# ---------------------------------------------------------------------------------------------------------------
# Creating posts through the API (the due-at-once and steady phases)


def create_request(ctx, tag, due_at):
    def make(i):
        body = {"text": f"bench {tag} {i}", "targets": [{"socialAccountId": ctx.accounts[i % len(ctx.accounts)]}],
                "scheduledAt": due_at(i) if callable(due_at) else due_at}
        return "POST", "/api/v1/posts", json.dumps(body).encode(), {
            "Authorization": f"Bearer {ctx.token}", "Content-Type": "application/json",
            "Idempotency-Key": f"{tag}-{i}"}
    return make


def create_posts(ctx, tag, count, clients, due_at, offset=0):
    make = create_request(ctx, tag, due_at)
    seconds, results = asyncio.run(load(PORT["content-service"], count, clients, lambda i: make(i + offset)))
    latencies = [r[0] for r in results]
    failed = [r for r in results if r[1] != 201]
    if failed:
        log(f"{len(failed)} creates did not answer 201, e.g. {failed[0][1]} {failed[0][2][:300]!r}")
    return dict(count=count, clients=clients, seconds=seconds, rate=count / seconds, p50=percentile(latencies, 50),
                p99=percentile(latencies, 99), failed=len(failed))



# ---------------------------------------------------------------------------------------------------------------
# 5. footprint: RSS, start-up against the bare app, the JDK AOT cache


class Bare:
    process = None

    @staticmethod
    def build():
        jar = os.path.join(BARE_APP, "target", "quarkus-app", "quarkus-run.jar")
        sources = newest_mtime(os.path.join(BARE_APP, "src")) if os.path.exists(jar) else 0
        root_version = re.search(r"<quarkus.platform.version>(.*?)<", open(os.path.join(ROOT, "pom.xml")).read())
        bare_version = re.search(r"<quarkus.platform.version>(.*?)<", open(os.path.join(BARE_APP, "pom.xml")).read())
        if root_version.group(1) != bare_version.group(1):
            log(f"the bare app uses Quarkus {bare_version.group(1)}, Herald {root_version.group(1)}: update "
                f"bench/reference/bare-app/pom.xml")
        if not os.path.exists(jar) or max(sources, os.stat(os.path.join(BARE_APP, "pom.xml")).st_mtime) > \
                os.stat(jar).st_mtime:
            log("building the bare Quarkus reference app")
            sh(["./mvnw", "-B", "-q", "-f", os.path.join(BARE_APP, "pom.xml"), "package", "-DskipTests"], cwd=ROOT,
               env=dict(os.environ, JAVA_HOME=JDK), timeout=1800)

    @staticmethod
    def start(flags):
        env = dict(os.environ, QUARKUS_HTTP_PORT=str(PORT["bare-app"]),
                   QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://localhost:5432/{DB}",
                   QUARKUS_DATASOURCE_USERNAME="postgres", QUARKUS_DATASOURCE_PASSWORD="",
                   QUARKUS_REDIS_HOSTS=f"redis://localhost:6379/{REDIS_DB}",
                   MP_JWT_VERIFY_PUBLICKEY_LOCATION=f"{AUTH}/.well-known/jwks.json",
                   QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL=AUTH)
        out = open(os.path.join(TARGET, "bare-app.log"), "a")
        Bare.process = subprocess.Popen([os.path.join(JDK, "bin", "java"), *flags, "-jar",
                                         os.path.join(BARE_APP, "target", "quarkus-app", "quarkus-run.jar")],
                                        env=env, stdout=out, stderr=subprocess.STDOUT, cwd=BARE_APP)
        return Bare.process.pid

    @staticmethod
    def stop():
        if Bare.process and Bare.process.poll() is None:
            Bare.process.terminate()
            try:
                Bare.process.wait(60)
            except subprocess.TimeoutExpired:
                Bare.process.kill()
        Bare.process = None


def await_ready(pid, port, timeout=180):
    """The time the process answered ready, or None when it exited first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if ready(port, timeout=1.0):
            return time.time()
        if proc_jiffies(pid) is None:
            return None
        time.sleep(0.02)
    die(f"nothing ready on port {port} after {timeout} s")


def timed_start(name, start, log_file):
    """Starts a process (start() answers its pid) and answers (launch -> ready seconds, pid). The PostgreSQL server
    is shared: a start that failed because it had no connection is tried again once enough are free."""
    for attempt in range(4):
        await_connections(12, 300)
        pid = start()
        launched = proc_start_wall(pid)
        ready_at = await_ready(pid, PORT[name])
        if ready_at is not None:
            return ready_at - launched, pid
        log(f"{name} exited during start-up (see {log_file}); trying again")
        time.sleep(5)
    die(f"{name} never started; see {log_file}")


def start_service_timed(service, extra=None):
    """Stops the service, starts it again with the launcher (the others idle), answers launch -> ready seconds."""
    def start():
        Herald.stop(service)
        old = Herald.pids().get(service)
        start.launcher = Herald.launcher("up", extra, background=True)
        pid, deadline = None, time.time() + 60
        while time.time() < deadline:
            pid = Herald.pids().get(service)
            if pid and pid != old:
                return pid
            time.sleep(0.005)
        die(f"the launcher did not start {service}")
    seconds, pid = timed_start(service, start, os.path.join(STATE, "logs", f"{service}.log"))
    start.launcher.wait(300)
    return seconds, rss_mb(pid)


def start_bare_timed(flags):
    seconds, pid = timed_start("bare-app", lambda: Bare.start(flags), os.path.join(TARGET, "bare-app.log"))
    return seconds, rss_mb(pid)


def exercise_bare(count=2000):
    seconds, _ = asyncio.run(load(PORT["bare-app"], count, 8, lambda i: ("GET", "/hello", b"", {})))
    return count / seconds


# ---------------------------------------------------------------------------------------------------------------
# The report


def ratio(herald, reference):
    if herald is None or reference in (None, 0) or herald != herald or reference != reference:
        return None
    return herald / reference


def fmt(value, unit="", digits=0):
    if value is None or value != value:
        return "–"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    else:
        text = f"{value:,}"
    return f"{text}{(' ' + unit) if unit else ''}"


def drain_figures(worker):
    """The drain's figures over its rounds: Herald's (its default concurrency) median rate, and per BullMQ
    concurrency its median rate with each round's ratio (Herald's rate over BullMQ's in the same round) and their
    median; None without Herald's figures."""
    heralds = worker.get("herald", {}).get("default") or next(iter(worker.get("herald", {}).values()), None)
    if not heralds:
        return None
    references = {}
    for concurrency, bulls in worker.get("bullmq", {}).items():
        ratios = [ratio(h["rate"], b["rate"]) for h in heralds for b in bulls if h["round"] == b["round"]]
        ratios = [r for r in ratios if r is not None]
        references[concurrency] = dict(rate=statistics.median(b["rate"] for b in bulls), ratios=ratios,
                                       ratio=statistics.median(ratios) if ratios else None,
                                       failed=sum(b.get("failed") or 0 for b in bulls), cpu=[b["cpu"] for b in bulls])
    duplicates = [h.get("duplicates") for h in heralds]
    return dict(rate=statistics.median(h["rate"] for h in heralds), rounds=len(heralds),
                cpu=[h["cpu"] for h in heralds], public=[h.get("public") for h in heralds],
                duplicates=None if None in duplicates else sum(duplicates), references=references)


def report(results, sizes):
    rows = []  # (figure, Herald, reference, ratio, target, met)

    def row(figure, herald, reference, r, target="", met=None):
        rows.append((figure, herald, reference, "–" if r is None else f"{r:.2f}x", target,
                     "" if met is None else ("met" if met else "**missed**")))

    c = results.get("create")
    if c and "error" in c:
        row("create (content-service/bench/create_bench.py)", c["error"], "–", None)
    elif c:
        for n in ("16", "64"):
            h, p = c.get(f"herald{n}"), c.get(f"pgbench{n}")
            if not h or not p:
                continue
            r = ratio(h["rate"], p["rate"])
            met = (r is not None and r >= 0.40 and h["p99"] < 50) if n == "16" else None
            row(f"create, {n} clients: throughput", fmt(h["rate"], "posts/s"),
                f"pgbench, job + outbox row per transaction: {fmt(p['rate'], 'TPS')}", r,
                TARGETS["create16"] if n == "16" else "", met)
            row(f"create, {n} clients: p50 / p99", f"{fmt(h['p50'], digits=1)} / {fmt(h['p99'], 'ms', 1)}",
                f"pgbench {fmt(p['p50'], digits=1)} / {fmt(p['p99'], 'ms', 1)}", ratio(h["p99"], p["p99"]),
                "p99 < 50 ms" if n == "16" else "", (h["p99"] < 50) if n == "16" else None)
    w = results.get("worker")
    if w and "error" in w:
        row("worker (publisher-worker/bench/drain.py)", w["error"], "–", None)
    elif w:
        h = drain_figures(w)
        rounds = "" if not h or h["rounds"] == 1 else f"; medians of {h['rounds']} rounds"
        for conc in ("50", "200"):
            b = h and h["references"].get(conc)
            if not b:
                continue
            each = "" if len(b["ratios"]) < 2 else "; the rounds: " + ", ".join(f"{x:.2f}x" for x in b["ratios"])
            row(f"worker draining {fmt(sizes['drain_jobs'])} jobs, 20 ms platform call, ledger on: Herald (its "
                f"default concurrency, {sizes['pages']} Pages) vs BullMQ at concurrency {conc}{rounds}",
                fmt(h["rate"], "jobs/s"),
                f"BullMQ {fmt(b['rate'], 'jobs/s')} (failed {b['failed']}){each}", b["ratio"], TARGETS["worker"],
                b["ratio"] is not None and b["ratio"] >= 1.0 and h["duplicates"] == 0)
        if h:
            row("… CPU ms per job, round by round: the worker (BullMQ: its node process) / simulator / PostgreSQL / "
                "Redis",
                "Herald " + "; ".join(h["cpu"]),
                " · ".join(f"BullMQ {conc}: {'; '.join(b['cpu'])}" for conc, b in h["references"].items()), None)
            public = sum(p or 0 for p in h["public"])
            row("… Herald's posts public on the simulator / duplicates",
                f"{fmt(public)} of {fmt(sizes['drain_jobs'] * h['rounds'])} / {h['duplicates']}", "–", None,
                "0 duplicates", h["duplicates"] == 0 and public == sizes["drain_jobs"] * h["rounds"])
    d = results.get("due")
    if d:
        row(f"{fmt(d['count'])} posts due at one instant: lateness p50 / p99 / max",
            f"{fmt(d['p50'], digits=2)} / {fmt(d['p99'], digits=2)} / {fmt(d['max'], 's', 2)}", "–", None,
            TARGETS["due_p99"], d["p99"] == d["p99"] and d["p99"] < 5 and d["on_platform"] == d["count"])
        row("… posts/s from the due instant until all are PUBLISHED", fmt(d["rate"], "posts/s", 1), "–", None)
        if d.get("cpu_ms_per_post"):
            row(f"… CPU ms per post meanwhile, by process (machine {d['busy_pct']} % busy)",
                " / ".join(f"{name} {ms}" for name, ms in d["cpu_ms_per_post"].items()), "–", None)
        if d.get("heap_mb"):
            row("… MB promoted to the old generation meanwhile / the old generation committed at the end",
                " · ".join(f"{name} {h['promoted_mb']} / {h['old_committed_mb']}" for name, h in d["heap_mb"].items()),
                "–", None)
        row("… published on the platform / duplicates", f"{fmt(d['on_platform'])} of {fmt(d['count'])} / "
            f"{d['duplicates']}", "–", None, "0 duplicates", d["duplicates"] == 0 and d["on_platform"] == d["count"])
    s = results.get("steady")
    if s:
        row(f"posts due at a steady {s['rate']}/s for {s['seconds']} s: lateness p50 / p99 / max",
            f"{fmt(s['p50'], digits=2)} / {fmt(s['p99'], digits=2)} / {fmt(s['max'], 's', 2)}", "–", None,
            TARGETS["steady_p99"], s["p99"] == s["p99"] and s["p99"] < 1 and s["on_platform"] == s["expected"])
        row("… published on the platform / duplicates", f"{fmt(s['on_platform'])} of {fmt(s['expected'])} / "
            f"{s['duplicates']}", "–", None, "0 duplicates", s["duplicates"] == 0 and s["on_platform"] == s["expected"])
    sc = results.get("scale")
    if sc:
        row("scale, 1,000 vs 1,000,000 scheduled posts", sc.get("skipped") or sc.get("error") or
            f"see the output of {sc['script']} below", "–", None)
    f = results.get("footprint")
    if f:
        for service, value in f.get("rss_after_run", {}).items():
            met = value < 250 if service in HERALD_SERVICES else None
            row(f"RSS after the run: {service}", fmt(value, "MB"),
                f"bare app after start + {fmt(f.get('bare_requests', 0))} requests: {fmt(f.get('bare_rss'), 'MB')}",
                ratio(value, f.get("bare_rss")), TARGETS["rss"] if met is not None else "", met)
        bare = f.get("startup", {}).get("bare-app")
        for service, value in f.get("startup", {}).items():
            if service == "bare-app":
                continue
            r = ratio(value, bare)
            row(f"start-up to ready: {service}", fmt(value, "s", 2), f"bare app {fmt(bare, 's', 2)}", r,
                TARGETS["startup"], r is not None and r <= 1.3)
        aot = f.get("startup_aot", {})
        bare_aot = aot.get("bare-app")
        for service, value in aot.items():
            plain = f.get("startup", {}).get(service)
            row(f"start-up to ready from a JDK AOT cache: {service}", fmt(value, "s", 2),
                f"the same without the cache: {fmt(plain, 's', 2)}", ratio(value, plain))
        for service, value in aot.items():
            if service != "bare-app":
                row(f"start-up from AOT caches, Herald vs bare: {service}", fmt(value, "s", 2),
                    f"bare app from its AOT cache {fmt(bare_aot, 's', 2)}", ratio(value, bare_aot))
    lines = ["| figure | Herald | reference | ratio | target | |", "|---|---|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(lines)


def phases_table():
    lines = ["| phase | wall | machine busy | Herald JVMs | bench client + references | others (Postgres, Redis, "
             "other engineers' builds) | load avg start → end | foreign processes at start |",
             "|---|---|---|---|---|---|---|---|"]
    for p in Phase.records:
        foreign = ", ".join(f"{n} {k}" for k, n in sorted(p["foreign"].items())) or "none"
        lines.append(f"| {p['name']} | {p['seconds']} s | {p['busy_pct']} % | {p['herald_cpu_s']} CPU-s | "
                     f"{p['bench_cpu_s']} CPU-s | {p['other_cpu_s']} CPU-s | {p['load_start']} → {p['load_end']} | "
                     f"{foreign} |")
    return "\n".join(lines)


def svg_chart(results, path):
    """Throughput (Herald against its reference) and lateness, as a self-contained SVG."""
    width, height = 980, 420
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>']

    def text(x, y, s, anchor="start", size=12, weight="normal", color="#222"):
        s = str(s).replace("&", "&amp;").replace("<", "&lt;")
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
                   f'font-weight="{weight}" fill="{color}">{s}</text>')

    herald_color, ref_color, miss_color = "#2b6cb0", "#a0aec0", "#c53030"
    # Left: throughput pairs, each scaled to its own larger bar
    pairs = []
    c = results.get("create") or {}
    for n in ("16", "64"):
        if c.get(f"herald{n}") and c.get(f"pgbench{n}"):
            h, p = c[f"herald{n}"]["rate"], c[f"pgbench{n}"]["rate"]
            pairs.append((f"create, {n} clients", h, p, "pgbench TPS", ratio(h, p)))
    w = results.get("worker") or {}
    h = None if "error" in w else drain_figures(w)
    for conc in ("50", "200"):
        b = h and h["references"].get(conc)
        if b:
            pairs.append((f"worker vs BullMQ {conc}", h["rate"], b["rate"], f"BullMQ c={conc} jobs/s", b["ratio"]))
    text(20, 28, "Throughput: Herald (blue) against its reference (grey), per second", weight="bold", size=14)
    y, bar_w = 50, 300
    for label, h, ref, ref_label, r in pairs:  # the drain's ratio is the median of its rounds' ratios
        top = max(h or 0, ref or 0) or 1
        text(20, y + 14, label, weight="bold")
        out.append(f'<rect x="170" y="{y + 2}" width="{bar_w * (h or 0) / top:.1f}" height="14" '
                   f'fill="{herald_color}"/>')
        text(175 + bar_w * (h or 0) / top, y + 14, f"Herald {fmt(h, digits=0)} ({r or 0:.2f}x)")
        out.append(f'<rect x="170" y="{y + 20}" width="{bar_w * (ref or 0) / top:.1f}" height="14" '
                   f'fill="{ref_color}"/>')
        text(175 + bar_w * (ref or 0) / top, y + 32, f"{ref_label} {fmt(ref, digits=0)}")
        y += 50
    # Right: share of posts published within t of their due instant (cumulative), with the lateness targets
    d, s = results.get("due") or {}, results.get("steady") or {}
    steady_color = "#dd6b20"
    x0, y0, pw, ph = 600, 60, 340, 250
    text(x0 - 20, 28, "Lateness: share published within t of its due instant", weight="bold", size=14)
    curves = [(c, color) for c, color in ((d.get("curve"), herald_color), (s.get("curve"), steady_color)) if c]
    if curves:
        tmax = max(max(max(c) for c, _ in curves), 6.0) * 1.05
        out.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        for k in range(6):
            text(x0 + pw * k / 5, y0 + ph + 16, f"{tmax * k / 5:.1f} s", anchor="middle", size=10)
            text(x0 - 6, y0 + ph - ph * k / 5 + 4, f"{100 * k // 5} %", anchor="end", size=10)
        for curve, color in curves:
            step = max(1, len(curve) // 400)
            points = " ".join(f"{x0 + pw * max(0.0, curve[i]) / tmax:.1f},{y0 + ph - ph * (i + 1) / len(curve):.1f}"
                              for i in range(0, len(curve), step))
            out.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        for limit, label, color in ((5, "due-at-once p99 target 5 s", herald_color),
                                    (1, "steady p99 target 1 s", steady_color)):
            tx = x0 + pw * limit / tmax
            out.append(f'<line x1="{tx:.1f}" y1="{y0}" x2="{tx:.1f}" y2="{y0 + ph}" stroke="{color}" '
                       f'stroke-dasharray="4 3"/>')
            text(tx + 3, y0 + 12 + (14 if limit == 1 else 0), label, color=color, size=10)
        if d.get("curve"):
            text(x0 + pw / 2, y0 + ph + 34, f"blue: {fmt(d['count'])} posts due at one instant: p50 {d['p50']:.2f} s, "
                 f"p99 {d['p99']:.2f} s, max {d['max']:.2f} s", anchor="middle", size=11, color=herald_color)
        if s.get("curve"):
            text(x0 + pw / 2, y0 + ph + 52, f"orange: due at a steady {s['rate']}/s for {s['seconds']} s: p50 "
                 f"{s['p50']:.2f} s, p99 {s['p99']:.2f} s", anchor="middle", size=11, color=steady_color)
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


BEGIN, END = "<!-- bench.py: generated section begins -->", "<!-- bench.py: generated section ends -->"


def write_doc(markdown):
    if os.path.exists(DOC):
        doc = open(DOC).read()
        if BEGIN in doc and END in doc:
            doc = doc[:doc.index(BEGIN) + len(BEGIN)] + "\n" + markdown + "\n" + doc[doc.index(END):]
        else:
            doc += f"\n{BEGIN}\n{markdown}\n{END}\n"
    else:
        doc = f"# Benchmarks\n\n{BEGIN}\n{markdown}\n{END}\n"
    open(DOC, "w").write(doc)


# ---------------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small N, about two minutes (CI)")
    parser.add_argument("--only", default="create,worker,due,steady,scale,footprint",
                        help="comma-separated phases to run (default: all)")
    parser.add_argument("--build", action="store_true",
                        help="package the services first (./mvnw -B -q package -DskipTests in this tree)")
    parser.add_argument("--doc", action="store_true", help="write docs/benchmarks.md and docs/benchmarks-chart.svg")
    parser.add_argument("--merge", action="store_true",
                        help="keep the figures of the previous run (bench/target/results.json) for the phases not "
                             "run now (e.g. --only create --merge after the create phase failed)")
    parser.add_argument("--size", action="append", default=[], metavar="KEY=N",
                        help="override one of the sizes (e.g. --size drain_jobs=2000 --size due=2000); the report "
                             "says so")
    parser.add_argument("--render-only", action="store_true",
                        help="run nothing: render bench/target/results.json again (with --doc: into the docs)")
    parser.add_argument("--note", default="", help="a sentence for the report (e.g. what else ran on the machine)")
    parser.add_argument("--herald-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for every Herald service the launcher starts (repeatable)")
    parser.add_argument("--autovacuum-as-configured", action="store_true",
                        help="leave PostgreSQL's autovacuum as the server is configured (by default the bench turns it "
                             "on for the run, as a server in service has it, and resets it at the end)")
    parser.add_argument("--java-opts", help="JVM flags for the services (default: the launcher's HERALD_JAVA_OPTS "
                                            "default; HERALD_JAVA_OPTS in the environment also counts)")
    args = parser.parse_args()
    sizes = dict(SMOKE if args.smoke else FULL)
    for item in args.size:
        key, _, value = item.partition("=")
        if key not in sizes:
            die(f"--size {key}: not one of {', '.join(sizes)}")
        sizes[key] = int(value)
    only = set(args.only.split(","))
    if "footprint" in only:
        only |= {"rss", "startup"}
    Herald.extra_env = dict(kv.split("=", 1) for kv in args.herald_env)
    flags = run_flags("HERALD_JAVA_OPTS", args.java_opts)
    simulator_flags = run_flags("HERALD_SIMULATOR_JAVA_OPTS")
    Herald.extra_env.update(HERALD_JAVA_OPTS=" ".join(flags), HERALD_SIMULATOR_JAVA_OPTS=" ".join(simulator_flags))
    os.makedirs(TARGET, exist_ok=True)
    if args.render_only:
        results = json.load(open(os.path.join(TARGET, "results.json")))
        Phase.records.extend(results.get("phases", []))
        publish(results, results["sizes"], args.doc)
        return
    began = time.time()
    results = {"started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "mode": "smoke" if args.smoke else "full",
               "command": "python3 bench/bench.py " + shlex.join(sys.argv[1:]), "sizes": sizes, "java_flags": flags,
               "note": args.note, "size_overrides": args.size}
    previous = os.path.join(TARGET, "results.json")
    if args.merge and os.path.exists(previous):
        old = json.load(open(previous))
        for key in ("create", "worker", "due", "steady", "scale", "footprint"):
            if key in old and key not in results:
                results[key] = old[key]
        Phase.records.extend(old.get("phases", []))
        for phase, prefixes in (("create", ("create_",)), ("worker", ("drain_",)),
                                ("due", ("due", "lead", "pages")), ("steady", ("steady_",))):
            if phase not in only:  # the figures kept were measured at the previous run's sizes
                for key, value in old.get("sizes", {}).items():
                    if key.startswith(prefixes):
                        sizes[key] = value
        results["size_overrides"] = sorted(set(old.get("size_overrides", []) + args.size))
        results["merged"] = f"figures of phases other than {args.only} from the run of {old.get('started')}"
        results["note"] = " ".join(filter(None, [old.get("note"), args.note]))
    for tool in ("pgbench", "node", "npm", "psql", "redis-cli"):
        if not shutil.which(tool):
            die(f"{tool} is needed")
    reference = os.path.join(BENCH, "reference")
    if not os.path.isdir(os.path.join(reference, "node_modules", "bullmq")) or \
            not os.path.isdir(os.path.join(reference, "node_modules", "ioredis")):
        log("installing the BullMQ reference (npm ci in bench/reference)")
        sh(["npm", "ci", "--no-audit", "--no-fund"], cwd=reference, timeout=600)

    def on_signal(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_signal)

    results["machine"] = dict(cores=os.cpu_count(), memory_gib=round(os.sysconf("SC_PAGE_SIZE") * os.sysconf(
        "SC_PHYS_PAGES") / 2 ** 30, 1), load_at_start=[round(x, 2) for x in os.getloadavg()],
        foreign_at_start=foreign_processes(),
        cpu=next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 "?"),
        jdk=sh([os.path.join(JDK, "bin", "java"), "-version"]).stderr.splitlines()[0],
        postgres=psql("SHOW server_version", db="postgres").strip(), redis=redis("INFO", "server").split(
            "redis_version:")[1].split()[0], node=sh(["node", "--version"]).stdout.strip(),
        bullmq=json.load(open(os.path.join(reference, "node_modules", "bullmq", "package.json")))["version"])
    results["machine"]["autovacuum"] = Autovacuum.prepare(args.autovacuum_as_configured)
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    status = subprocess.run(["git", "status", "--short"], cwd=ROOT, capture_output=True, text=True)
    results["git"] = dict(head=git.stdout.strip() or "?", uncommitted=len(status.stdout.splitlines()))
    if args.build:
        with Phase("build: ./mvnw -B -q package -DskipTests"):
            sh(["./mvnw", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, env=dict(os.environ, JAVA_HOME=JDK),
               timeout=3600)
    if "startup" in only:
        Bare.build()
    results["built"] = Herald.snapshot()
    log(f"services snapshot: {results['built']}; JVM flags {' '.join(flags)}")

    try:
        Herald.launcher("down")
        # 1. create against pgbench, with nothing else of the bench running
        if "create" in only:
            with Phase("create: content-service/bench/create_bench.py, 16 and 64 clients, and pgbench"):
                results["create"] = create_bench(sizes)
            log(f"create: { {k: v for k, v in results['create'].items() if k != 'output'} }")
        # 2. the worker against BullMQ
        if "worker" in only:
            with Phase(f"worker: publisher-worker/bench/drain.py, {sizes['drain_jobs']} jobs, and BullMQ 50/200"):
                results["worker"] = drain_bench(sizes, flags, simulator_flags)
            log(f"worker: { {k: v for k, v in results['worker'].items() if k != 'output'} }")

        # 3. the whole system, started by the launcher: posts due at one instant, and at a steady rate
        if only & {"due", "steady", "rss", "startup"}:
            fresh_infrastructure()
            with Phase("Herald start (all five services at once, by deploy/local/run.sh)"):
                Herald.launcher("up")
            results["java_flags_seen"] = Herald.java_flags()
            ctx = setup(sizes["pages"])
            log(f"tenant {ctx.tenant}; Pages {', '.join(ctx.pages)}")
        create_rate = 200
        if "due" in only:
            ctx.login()
            tag = f"due-{uuid.uuid4().hex[:6]}"
            count = sizes["due"]
            with Phase(f"create warm-up, {min(1000, count)} posts, 16 clients"):
                warm = create_posts(ctx, f"warm-{uuid.uuid4().hex[:6]}", min(1000, count), 16,
                                    iso(time.time() + 200 * 86400))
            if warm["failed"] == warm["count"]:
                die("no create answered 201 (see the log above): the launcher and the services do not match?")
            create_rate = warm["rate"]
            # The publishing path warmed too, as a replica that has been publishing all morning is at 09:00: a cold
            # worker spent its first seconds at 5 s a job (JIT), which measured its start-up, not the burst. After a
            # warm-up of 2,000 the JIT's compilers were still the worker's busiest threads during the burst, so the
            # warm-up is a burst of the same size: the measured one is the second.
            warm_count = count
            with Phase(f"publish warm-up, {warm_count} posts due at one instant (not measured)"):
                warm_tag = f"warmpub-{uuid.uuid4().hex[:6]}"
                warm_due = time.time() + warm_count / max(create_rate, 30) * 1.3 + sizes["lead"]
                create_posts(ctx, warm_tag, warm_count, 16, iso(warm_due))
                warm_published = due_at_once(ctx, warm_tag, warm_due, warm_count, "publish warm-up")
            log(f"publish warm-up: {warm_published['published']} of {warm_count} published, "
                f"p99 lateness {warm_published.get('p99')} s")
            due = time.time() + min(900, count / max(create_rate, 30) * 1.3 + sizes["lead"])
            log(f"warm-up: {create_rate:.0f} posts/s; {count} posts will be due at {iso(due)}")
            with Phase(f"create {count} posts due at one instant, 16 clients"):
                created = create_posts(ctx, tag, count, 16, iso(due))
            created_in_time = time.time() < due
            if not created_in_time:
                log("the creates ran past the due instant: the lateness figures are not clean")
            results["due"] = due_at_once(ctx, tag, due, count, "created through the API",
                                         phase=f"{count} posts due at one instant, from the due instant until all "
                                               "are final")
            results["due"].update(created_before_due=created_in_time, created=created, warmup=warm,
                                  publish_warmup={k: v for k, v in warm_published.items() if k != "curve"})
            log(f"due at once: { {k: v for k, v in results['due'].items() if k != 'curve'} }")
        if "steady" in only:
            ctx.login()
            with Phase(f"posts due at a steady {sizes['steady_rate']}/s for {sizes['steady_seconds']} s"):
                results["steady"] = steady(ctx, f"steady-{uuid.uuid4().hex[:6]}", sizes["steady_rate"],
                                           sizes["steady_seconds"], create_rate, sizes["lead"])
            log(f"steady: { {k: v for k, v in results['steady'].items() if k != 'curve'} }")

        # 4. scale
        if "scale" in only:
            with Phase("scale: 1,000 vs 1,000,000 scheduled posts (content-service's script)"):
                results["scale"] = scale_bench(sizes)

        # 5. footprint
        if "rss" in only:
            f = results.setdefault("footprint", {})
            f["rss_after_run"] = {s: round(rss_mb(pid)) for s, pid in Herald.pids().items()}
            log(f"RSS after the run: {f['rss_after_run']}")
            if any(flag.startswith("-XX:NativeMemoryTracking") for flag in flags):
                # where the memory goes: NMT's summary, then the heap and the threads (their count, by name prefix)
                jcmd = os.path.join(JDK, "bin", "jcmd")
                for service, pid in Herald.pids().items():
                    report = []
                    for command in (["VM.native_memory", "summary"], ["GC.heap_info"], ["Thread.print"],
                                    ["GC.class_histogram"]):
                        out = sh([jcmd, str(pid)] + command, check=False)
                        text = out.stdout + out.stderr
                        if command[0] == "Thread.print":
                            names = re.findall(r'^"([^"]*)"', text, re.M)
                            groups = {}
                            for name in names:
                                prefix = re.sub(r"[-#\s]*\d+$", "", name) or name
                                groups[prefix] = groups.get(prefix, 0) + 1
                            text = f"{len(names)} threads\n" + "".join(
                                f"{n:5d} {g}\n" for g, n in sorted(groups.items(), key=lambda kv: -kv[1]))
                        elif command[0] == "GC.class_histogram":
                            text = "\n".join(text.splitlines()[:40]) + "\n"
                        report.append(f"### jcmd {pid} {' '.join(command)}\n{text}")
                    report.append(f"### RSS after these commands (the histogram ran a full GC): {rss_mb(pid):.0f} MB\n")
                    open(os.path.join(TARGET, f"nmt-{service}.txt"), "w").write("\n".join(report))
                log(f"native memory summaries, heap, threads and class histograms: {TARGET}/nmt-*.txt")
        if "startup" in only:
            f = results.setdefault("footprint", {})
            reps = sizes["startup_reps"]
            with Phase(f"start-up, {reps}x each service alone (the others idle) and the bare app"):
                f["startup_runs"] = {}
                # the bare app once unmeasured: its schema is migrated then, as Herald's were at the first start
                start_bare_timed(flags)
                Bare.stop()
                for rep in range(reps):
                    for service in HERALD_SERVICES:
                        seconds, _ = start_service_timed(service)
                        f["startup_runs"].setdefault(service, []).append(round(seconds, 3))
                    seconds, rss = start_bare_timed(flags)
                    f["startup_runs"].setdefault("bare-app", []).append(round(seconds, 3))
                    if rep == reps - 1:
                        f["bare_rss_at_ready"] = round(rss)
                        f["bare_requests"] = 2000
                        exercise_bare(2000)
                        f["bare_rss"] = round(rss_mb(Bare.process.pid))
                    Bare.stop()
                f["startup"] = {s: statistics.median(v) for s, v in f["startup_runs"].items()}
            log(f"start-up: {f['startup_runs']}")
            if sizes["aot"]:
                with Phase("JDK AOT cache: a training run per service, then timed starts from the cache"):
                    f["startup_aot_runs"] = aot_startups(flags, reps)
                    f["startup_aot"] = {s: statistics.median(v) for s, v in f["startup_aot_runs"].items()}
                log(f"start-up with AOT cache: {f['startup_aot_runs']}")
    except KeyboardInterrupt:
        log("interrupted; stopping what the bench started and reporting what was measured")
        results["interrupted"] = True
    finally:
        Bare.stop()
        Herald.launcher("down")
        Autovacuum.reset()
        results["phases"] = Phase.records
        results["seconds"] = round(time.time() - began)
        json.dump(results, open(os.path.join(TARGET, "results.json"), "w"), indent=1, default=str)

    publish(results, sizes, args.doc)


def publish(results, sizes, doc):
    markdown = render(results, sizes)
    print("\n" + markdown)
    svg_chart(results, os.path.join(TARGET, "chart.svg"))
    if doc:
        write_doc(markdown + "\n![throughput and lateness](benchmarks-chart.svg)\n")
        shutil.copy(os.path.join(TARGET, "chart.svg"), CHART)
        log(f"wrote {DOC} and {CHART}")


def args_only_note(results):
    return f"this run ({results['command']}) measured its phases again; the {results['merged']}."


def autovacuum_note(machine):
    state = machine.get("autovacuum")
    if not state:
        return ""
    if state["run"] == "as configured":
        return f" PostgreSQL's autovacuum as the server is configured: {state['configured']}."
    if state["configured"] == "on":
        return " PostgreSQL's autovacuum on, as configured."
    return (f" PostgreSQL's autovacuum: {state['configured']} in the server's configuration, on for this run (as a "
            "server in service has it; reset at the end).")


def render(results, sizes):
    machine = results["machine"]
    foreign = ", ".join(f"{n} {k}" for k, n in sorted(machine["foreign_at_start"].items())) or "none"
    parts = [
        f"### {results['mode'].capitalize()} run of {results['started']} ({results['seconds'] // 60} min "
        f"{results['seconds'] % 60} s)",
        "",
        f"`JAVA_HOME={JDK} {results['command']}`",
        "",
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gib']} GiB; {machine['jdk']}; "
        f"PostgreSQL {machine['postgres']}; Redis {machine['redis']}; Node {machine['node']}, BullMQ "
        f"{machine['bullmq']}.{autovacuum_note(machine)} Load average at the start {machine['load_at_start']}; "
        f"other heavy processes at the start: {foreign}. Services packaged "
        f"{', '.join(f'{s} {t}' for s, t in results['built'].items())} from commit {results['git']['head']} with "
        f"{results['git']['uncommitted']} uncommitted files in the tree. JVM flags of the services (the launcher's "
        f"default unless --java-opts): `{' '.join(results['java_flags'])}`. "
        f"Sizes: {', '.join(f'{k}={v}' for k, v in sizes.items() if k != 'smoke')}"
        f"{' (overridden: ' + ', '.join(results['size_overrides']) + ')' if results.get('size_overrides') else ''}.",
        "",
    ]
    if results.get("note"):
        parts += [results["note"], ""]
    if results.get("merged"):
        parts += [f"Merged: {args_only_note(results)}", ""]
    if results.get("interrupted"):
        parts += ["**This run was interrupted**: the phases missing from the table below did not run.", ""]
    parts += [report(results, sizes), "", "How busy the machine was, phase by phase (CPU-seconds; the machine has "
              f"{machine['cores']} cores, so {machine['cores']} CPU-seconds per second of wall time):", "",
              phases_table(), ""]
    for key, title in (("create", "content-service/bench/create_bench.py, as it printed"),
                       ("worker", "publisher-worker/bench/drain.py, as it printed"),
                       ("scale", "the scale script, as it printed")):
        out = (results.get(key) or {}).get("output")
        if out:
            parts += [f"<details><summary>{title}</summary>", "", out.strip(), "", "</details>", ""]
    return "\n".join(parts)


def aot_startups(flags, reps):
    """Trains a JDK AOT cache per service (start, ready, stop: the cache is written at exit), then times starts."""
    runs = {}
    aot_dir = os.path.join(STATE, "aot")
    os.makedirs(aot_dir, exist_ok=True)
    for service in HERALD_SERVICES:
        cache = os.path.join(aot_dir, f"{service}.aot")
        if os.path.exists(cache):
            os.remove(cache)
        start_service_timed(service, {"HERALD_AOT": "1"})  # records
        Herald.stop(service)  # writes the cache at exit
        for _ in range(reps):
            seconds, _ = start_service_timed(service, {"HERALD_AOT": "1"})
            runs.setdefault(service, []).append(round(seconds, 3))
        Herald.stop(service)
        Herald.launcher("up")  # back to the plain start
    cache = os.path.join(aot_dir, "bare-app.aot")
    if os.path.exists(cache):
        os.remove(cache)
    start_bare_timed(flags + [f"-XX:AOTCacheOutput={cache}"])
    Bare.stop()
    for _ in range(reps):
        seconds, _ = start_bare_timed(flags + [f"-XX:AOTCache={cache}"])
        runs.setdefault("bare-app", []).append(round(seconds, 3))
        Bare.stop()
    return runs


if __name__ == "__main__":
    main()
