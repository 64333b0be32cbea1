"""Shared pieces of content-service's benchmarks (Python 3 standard library only).

- AuthStub: a tiny stand-in for auth-service (JWKS, the client_credentials token endpoint, the internal account
  API), with RS256 tokens signed by the `openssl` CLI;
- ContentService: the packaged content-service (target/quarkus-app/quarkus-run.jar) started with its env against
  a database and a Redis logical database of the benchmark's own;
- load(): a closed-loop HTTP/1.1 keep-alive load client over raw sockets (cheap enough per request that the
  client is not what is measured);
- psql(), percentile(), machine_load().
"""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = os.path.dirname(HERE)
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
DB = os.environ.get("BENCH_DB", "herald_content_bench")
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "10")
AUTH_PORT = int(os.environ.get("BENCH_AUTH_PORT", "18181"))
CONTENT_PORT = int(os.environ.get("BENCH_CONTENT_PORT", "18182"))  # below the ephemeral range
ISSUER = "herald-auth"


def log(*args):
    print("[bench]", *args, file=sys.stderr, flush=True)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def psql(sql, db=DB, quiet=True):
    """Runs SQL through psql as postgres; answers stdout (tuples only, unaligned)."""
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                          "-qtA", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def ensure_database(db=DB):
    if psql(f"select 1 from pg_database where datname = '{db}'", db="postgres") != "1":
        psql(f"create database {db}", db="postgres")


def redis_cli(*args):
    return subprocess.run(["redis-cli", "-n", REDIS_DB, *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def machine_load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0:3]


def cpu_times():
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


class AuthStub:
    """JWKS + token endpoint + internal account API of auth-service, enough for content-service."""

    def __init__(self, port=AUTH_PORT):
        self.port = port
        self.dir = tempfile.mkdtemp(prefix="herald-bench-")
        self.key = os.path.join(self.dir, "jwt.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                        self.key], check=True, capture_output=True)
        modulus = subprocess.run(["openssl", "rsa", "-in", self.key, "-noout", "-modulus"], check=True,
                                 capture_output=True, text=True).stdout.strip().split("=", 1)[1]
        n = bytes.fromhex(modulus)
        self.jwks = json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "bench-1",
                                          "n": b64url(n), "e": b64url(bytes([1, 0, 1]))}]}).encode()
        self.accounts = {}
        self.lookups = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body, content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/.well-known/jwks.json":
                    return self.answer(200, stub.jwks)
                prefix = "/internal/v1/social-accounts/"
                if self.path.startswith(prefix):
                    stub.lookups += 1
                    account = stub.accounts.get(self.path[len(prefix):])
                    if account:
                        return self.answer(200, json.dumps(account).encode())
                    return self.answer(404, b'{"status":404,"title":"Not Found"}', "application/problem+json")
                self.answer(404, b"{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                if self.path == "/oauth2/token":
                    return self.answer(200, json.dumps({"access_token": stub.token(uuid.uuid4(), ["service"]),
                                                        "token_type": "Bearer", "expires_in": 3600}).encode())
                self.answer(404, b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://localhost:{self.port}"

    def account(self, tenant, platform="FACEBOOK", status="ACTIVE"):
        account_id = str(uuid.uuid4())
        self.accounts[account_id] = {"id": account_id, "tenantId": str(tenant), "platform": platform,
                                     "externalId": "ext-" + account_id[:8], "name": "Bench page",
                                     "status": status, "connectedAt": "2026-01-01T00:00:00Z"}
        return account_id

    def token(self, tenant, groups=("EDITOR",), lifetime=4 * 3600):
        now = int(time.time())
        header = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "bench-1"}).encode())
        # iss: the issuer the service is started with (HERALD_JWT_ISSUER below); aud: the service's audience (a
        # build from before audiences were checked ignores it)
        claims = {"iss": ISSUER, "aud": ["herald-content"], "sub": str(uuid.uuid4()), "tid": str(tenant),
                  "groups": list(groups), "iat": now, "exp": now + lifetime, "jti": str(uuid.uuid4())}
        payload = b64url(json.dumps(claims).encode())
        signing_input = f"{header}.{payload}".encode()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key], input=signing_input,
                                   check=True, capture_output=True).stdout
        return f"{header}.{payload}.{b64url(signature)}"

    def stop(self):
        self.server.shutdown()


class ContentService:
    """The packaged content-service, started with its env (see deploy/local/run.sh)."""

    def __init__(self, auth_url, app_dir=None, port=CONTENT_PORT, extra_env=None, jvm_args=(), log_file=None, db=DB):
        app_dir = app_dir or os.path.join(MODULE, "target/quarkus-app")
        ensure_database(db)
        self.port = port
        self.log_file = log_file or os.path.join(tempfile.gettempdir(), f"herald-bench-content-{port}.log")
        env = dict(os.environ,
                   QUARKUS_HTTP_PORT=str(port),
                   QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://localhost:5432/{db}",
                   QUARKUS_DATASOURCE_USERNAME="postgres", QUARKUS_DATASOURCE_PASSWORD="",
                   QUARKUS_REDIS_HOSTS=f"redis://localhost:6379/{REDIS_DB}",
                   HERALD_AUTH_URL=auth_url, HERALD_JWT_ISSUER=ISSUER, HERALD_SERVICE_CLIENT_ID="herald-services",
                   HERALD_SERVICE_CLIENT_SECRET="bench-secret",
                   HERALD_CRYPTO_KEYS="bench1:" + base64.b64encode(b"b" * 32).decode(),
                   HERALD_CRYPTO_ACTIVE_KEY="bench1",
                   # one tenant sends every post: lift its write rate limit (the limiter's Redis call still runs)
                   HERALD_CONTENT_RATE_LIMIT_CAPACITY="100000000",
                   HERALD_CONTENT_RATE_LIMIT_REFILL_PER_SECOND="100000000",
                   QUARKUS_LOG_CONSOLE_JSON_ENABLED="false",
                   # the Postgres server is shared (max_connections 100): connections idle for a few seconds go
                   # back, so a JVM waiting for its turn holds none
                   QUARKUS_DATASOURCE_JDBC_MIN_SIZE="0", QUARKUS_DATASOURCE_JDBC_IDLE_REMOVAL_INTERVAL="3S")
        env.update(extra_env or {})
        self.started = time.time()
        with open(self.log_file, "w") as out:
            self.process = subprocess.Popen([os.path.join(JAVA_HOME, "bin/java"), "-Xmx384m", *jvm_args, "-jar",
                                             os.path.join(app_dir, "quarkus-run.jar")], env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        self.await_ready()

    @property
    def url(self):
        return f"http://localhost:{self.port}"

    def await_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"content-service exited; see {self.log_file}")
            try:
                with urllib.request.urlopen(self.url + "/q/health/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except Exception:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"content-service not ready after {timeout} s; see {self.log_file}")

    def jcmd(self, *args):
        return subprocess.run([os.path.join(JAVA_HOME, "bin/jcmd"), str(self.process.pid), *args],
                              capture_output=True, text=True).stdout

    def cpu_seconds(self):
        """user + system CPU time the service's process has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
        return -1

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def call(method, url, body=None, token=None, headers=None):
    data = (body if isinstance(body, (bytes, str)) else json.dumps(body)) if body is not None else None
    if isinstance(data, str):
        data = data.encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None, dict(response.headers)
    except urllib.error.HTTPError as e:
        text = e.read()
        return e.code, json.loads(text) if text else None, dict(e.headers)


class Connection:
    """One keep-alive HTTP/1.1 connection; send() answers (status, body bytes)."""

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.buffer = b""

    def _connect(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def send(self, request_bytes):
        if self.sock is None:
            self._connect()
        self.sock.sendall(request_bytes)
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" in headers:
            length = int(headers[b"content-length"])
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                self.buffer += chunk
            body, self.buffer = self.buffer[:length], self.buffer[length:]
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buffer:
                    self.buffer += self.sock.recv(65536)
                size_line, self.buffer = self.buffer.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buffer) < size + 2:
                    self.buffer += self.sock.recv(65536)
                body += self.buffer[:size]
                self.buffer = self.buffer[size + 2:]
                if size == 0:
                    break
        else:
            body = b""
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, body

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = None


def request_bytes(method, path, port, token, body=None, headers=None):
    lines = [f"{method} {path} HTTP/1.1", f"Host: localhost:{port}", f"Authorization: Bearer {token}",
             "Accept: application/json"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    data = b""
    if body is not None:
        data = body if isinstance(body, bytes) else body.encode()
        lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


def load(port, make_request, clients, seconds, warmup=0.0):
    """Closed loop: `clients` threads, each on its own connection, send make_request(i) back to back for
    warmup + seconds; answers (requests per second, latencies in ms, status counts) of the measured part."""
    stop_at = time.perf_counter() + warmup + seconds
    measure_from = time.perf_counter() + warmup
    latencies = [[] for _ in range(clients)]
    statuses = [dict() for _ in range(clients)]
    started = threading.Barrier(clients + 1)
    window = {}

    def client(index):
        connection = Connection(port)
        n = 0
        started.wait()
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                break
            payload = make_request(index, n)
            n += 1
            t0 = time.perf_counter()
            try:
                status, _ = connection.send(payload)
            except (ConnectionError, OSError):
                connection.close()
                status = 0
            t1 = time.perf_counter()
            if t0 >= measure_from:
                latencies[index].append((t1 - t0) * 1000)
                statuses[index][status] = statuses[index].get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    started.wait()
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu0 = cpu_times()
    window["start"] = time.perf_counter()
    for t in threads:
        t.join()
    window["end"] = time.perf_counter()
    cpu1 = cpu_times()
    all_latencies = [x for per in latencies for x in per]
    counts = {}
    for per in statuses:
        for k, v in per.items():
            counts[k] = counts.get(k, 0) + v
    busy = (cpu1[0] - cpu0[0]) / max(1, cpu1[1] - cpu0[1])
    return len(all_latencies) / (window["end"] - window["start"]), all_latencies, counts, busy
