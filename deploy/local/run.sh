#!/usr/bin/env bash
# Herald's one-command local run: builds the services, starts them against the local PostgreSQL and Redis
# with the platform simulator standing in for Facebook and TikTok, and shows a post being published.
#
#   deploy/local/run.sh            build, start everything, publish a demo post, keep running (Ctrl-C stops)
#   deploy/local/run.sh up         build if needed and start everything in the background
#   deploy/local/run.sh demo       publish a demo post through the running services
#   deploy/local/run.sh down       stop what `up` started (and the private PostgreSQL and Redis, if it started them)
#   deploy/local/run.sh infra      only find or start PostgreSQL and Redis (see ensure_infra)
#
# PostgreSQL and Redis: the ones listening on 127.0.0.1 (PGPORT, default 5432; REDIS_PORT, default 6379), else
# private instances started from the installed server binaries, with their data under the state dir.
#
# Environment: JAVA_HOME (a JDK 21+), HERALD_STATE_DIR (default .herald/local: secrets, logs, pids, private servers),
# HERALD_DB (default herald), HERALD_REDIS_DB (default 0), PGPORT, REDIS_PORT, AUTH_PORT/CONTENT_PORT/PUBLISHER_PORT/
# HEALTH_PORT/SIMULATOR_PORT (defaults 8081/8082/8083/8084/8090), HERALD_SKIP_BUILD=1,
# HERALD_JAVA_OPTS (the services' JVM flags, default: java_opts below), HERALD_SIMULATOR_JAVA_OPTS (the simulator's,
# default: simulator_java_opts below), HERALD_AOT=1 (start from a JDK AOT cache,
# see aot_opts).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

state="${HERALD_STATE_DIR:-$root/.herald/local}"
db="${HERALD_DB:-herald}"
redis_db="${HERALD_REDIS_DB:-0}"
pg_port="${PGPORT:-5432}" redis_port="${REDIS_PORT:-6379}"
auth_port="${AUTH_PORT:-8081}" content_port="${CONTENT_PORT:-8082}" publisher_port="${PUBLISHER_PORT:-8083}"
health_port="${HEALTH_PORT:-8084}" simulator_port="${SIMULATOR_PORT:-8090}"
services=(platform-simulator auth-service content-service publisher-worker health-aggregator)

log() { printf '\033[1m[herald]\033[0m %s\n' "$*"; }
die() { printf '[herald] %s\n' "$*" >&2; exit 1; }

port_of() {
  case "$1" in
    auth-service) echo "$auth_port" ;; content-service) echo "$content_port" ;;
    publisher-worker) echo "$publisher_port" ;; health-aggregator) echo "$health_port" ;;
    platform-simulator) echo "$simulator_port" ;;
  esac
}

select_jdk() {
  local major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$("$candidate/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)
    if [ "${major:-0}" -ge 21 ]; then export JAVA_HOME="$candidate"; return; fi
  done
  die "Herald needs a JDK 21 or newer: set JAVA_HOME"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PostgreSQL and Redis as the tests find them (common's LocalServers): the ones listening on 127.0.0.1, else private
# instances from the installed server binaries, data under $state/postgres and $state/redis, stopped by `down`.
ensure_infra() {
  mkdir -p "$state/run"
  # Private to its user; 711 once a private PostgreSQL runs as user postgres in it (see start_private_postgres).
  if [ "$(id -u)" = 0 ] && [ -d "$state/postgres" ]; then chmod 711 "$state"; else chmod 700 "$state"; fi
  listening "$pg_port" || start_private_postgres
  listening "$redis_port" || start_private_redis
  command -v psql >/dev/null || die "psql is not installed: apt-get install postgresql-client"
  if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    log "creating database $db"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $db"
  fi
}

# The directory of the installed PostgreSQL server binaries (on the PATH, else Debian's newest /usr/lib/postgresql/*).
postgres_bin() {
  local dir
  for dir in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" \
             $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

start_private_postgres() {
  local bin dir="$state/postgres" as_postgres=()
  bin=$(postgres_bin) || die "PostgreSQL is not running on 127.0.0.1:$pg_port and its server is not installed:" \
    "apt-get install postgresql (or start one and set PGPORT)"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: its server runs as user postgres, which must reach its directory (the state
    # dir becomes 711: others may pass through, not list; the secrets in it stay readable by their owner only).
    as_postgres=(runuser -u postgres --)
    chown postgres "$dir"
    chmod 711 "$state"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising a private PostgreSQL in $dir"
    "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  log "starting a private PostgreSQL on 127.0.0.1:$pg_port (log: $dir/postgres.log)"
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; die "the private PostgreSQL did not start"; }
}

start_private_redis() {
  local dir="$state/redis"
  command -v redis-server >/dev/null || die "Redis is not running on 127.0.0.1:$redis_port and its server is not" \
    "installed: apt-get install redis-server (or start one and set REDIS_PORT)"
  mkdir -p "$dir"
  log "starting a private Redis on 127.0.0.1:$redis_port (log: $dir/redis.log)"
  # As Herald wants Redis in production (deploy/README.md): AOF, no eviction.
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" --save "" --appendonly yes --appendfsync everysec --maxmemory-policy noeviction
  local deadline=$((SECONDS + 30))
  until listening "$redis_port"; do
    [ $SECONDS -lt $deadline ] || { tail -20 "$dir/redis.log" >&2; die "the private Redis did not start"; }
    sleep 0.2
  done
}

# Stops the private servers if this state dir started them.
stop_private_infra() {
  local bin
  if [ -f "$state/postgres/data/postmaster.pid" ] && bin=$(postgres_bin); then
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null
    else
      "$bin/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null
    fi
    log "stopped the private PostgreSQL"
  fi
  if [ -f "$state/redis/redis.pid" ]; then
    local pid
    pid=$(cat "$state/redis/redis.pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      log "stopped the private Redis"
    fi
    rm -f "$state/redis/redis.pid"
  fi
}

# Secrets are generated once per state dir and never leave it (it is git-ignored).
ensure_secrets() {
  mkdir -p "$state/logs" "$state/run"
  if [ ! -f "$state/secrets.env" ]; then
    log "generating local secrets in $state"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$state/jwt-signing.pem" 2>/dev/null
    {
      echo "HERALD_SERVICE_CLIENT_SECRET=$(openssl rand -hex 24)"
      echo "HERALD_CRYPTO_KEYS=local1:$(openssl rand -base64 32)"
    } > "$state/secrets.env"
    chmod 600 "$state/secrets.env" "$state/jwt-signing.pem"
  fi
  # Each service seals its secrets at rest under keys of its own (content-service: webhook secrets).
  if ! grep -q '^HERALD_CONTENT_CRYPTO_KEYS=' "$state/secrets.env"; then
    echo "HERALD_CONTENT_CRYPTO_KEYS=local1:$(openssl rand -base64 32)" >> "$state/secrets.env"
  fi
}

build() {
  if [ "${HERALD_SKIP_BUILD:-0}" = 1 ] && [ -f auth-service/target/quarkus-app/quarkus-run.jar ]; then return; fi
  log "building (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests
}

# The services' JVM flags, sized by bench/bench.py (docs/benchmarks.md, "Footprint"): a small heap (the services' live
# sets are tens of MB; an initial 64 MB holds the young generation and an old one) with a young generation of 32 MB,
# half of it survivor space (one that grows with the heap made the worker slower; with the default 1/10 survivor
# space, what the worker's jobs in flight hold overflowed into the old generation at every young collection and filled
# it: "The young generation's survivor space"), the serial collector (no concurrent GC threads or remembered sets to
# pay for on a few cores), half-size thread stacks, a bounded code cache filled by C2 alone (without the C1 tier the
# JIT spent less of two cores compiling and left less code: "Compiled by C2 alone"); glibc's freed memory handed back
# to the system every 5 s (TrimNativeHeapInterval: what the JIT compilers' arenas and the services' bursts leave
# behind) and a heap kept within 20-40 % free after a full collection. MALLOC_ARENA_MAX=2 (set in start_service) keeps
# glibc from growing an allocation arena per thread. The same flags are in deploy/k8s/base/config.yaml
# (JAVA_TOOL_OPTIONS) and the images.
java_opts="${HERALD_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx192m -Xmn32m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:-TieredCompilation -XX:TrimNativeHeapInterval=5000 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps}"
# The simulator is not a Herald service but the platforms it stands in for: it keeps every post it was sent in
# memory (tens of thousands in a benchmark) and answers the worker's calls as fast as it can, so it gets the JDK's
# default collector and a heap of 1 GB, not the services' footprint flags. It is compiled by C2 alone like them: with
# tiered compilation it spent twice the CPU a post in a burst, recompiling while Herald published
# (docs/benchmarks.md, "The simulator compiled by C2 alone").
simulator_java_opts="${HERALD_SIMULATOR_JAVA_OPTS:--Xmx1g -XX:-TieredCompilation}"

# The JDK's AOT cache (JDK 25+, JEP 483/514): with HERALD_AOT=1 a service without a cache (or whose jars are newer
# than its cache) records one while it runs, written to $state/aot/ when it stops; later starts load it.
aot_opts() {
  [ "${HERALD_AOT:-0}" = 1 ] || return 0
  local cache="$state/aot/$1.aot" app="$1/target/quarkus-app"
  mkdir -p "$state/aot"
  if [ -f "$cache" ] && [ -z "$(find "$app" -newer "$cache" -type f -print -quit)" ]; then
    echo "-XX:AOTCache=$cache"
  else
    rm -f "$cache"
    echo "-XX:AOTCacheOutput=$cache"
  fi
}

# The environment a service runs with in the local run, local secrets included (sets the array service_env;
# deploy/image-check.sh uses it too).
service_env() {
  local name="$1" sim="http://localhost:$simulator_port" crypto_keys
  set -a
  # shellcheck disable=SC1091
  . "$state/secrets.env"
  set +a
  crypto_keys="$HERALD_CRYPTO_KEYS"
  [ "$name" = content-service ] && crypto_keys="$HERALD_CONTENT_CRYPTO_KEYS"
  mapfile -t service_env < <(grep -E '^[A-Z_]+=' "$state/secrets.env")
  service_env+=(QUARKUS_HTTP_PORT="$(port_of "$name")" HERALD_CRYPTO_KEYS="$crypto_keys"
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/$db"
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port/$redis_db"
    HERALD_AUTH_URL="http://localhost:$auth_port" HERALD_PUBLIC_URL="http://localhost:$auth_port"
    HERALD_JWT_ISSUER="http://localhost:$auth_port"
    HERALD_CONTENT_URL="http://localhost:$content_port" HERALD_PUBLISHER_URL="http://localhost:$publisher_port"
    HERALD_SERVICE_CLIENT_ID=herald-services
    HERALD_JWT_SIGNING_KEY="$(cat "$state/jwt-signing.pem")" HERALD_JWT_KEY_ID=local-1
    HERALD_CRYPTO_ACTIVE_KEY=local1
    HERALD_FACEBOOK_APP_ID=sim-app-id HERALD_FACEBOOK_APP_SECRET=sim-app-secret HERALD_FACEBOOK_API_VERSION=v21.0
    HERALD_FACEBOOK_GRAPH_URL="$sim" HERALD_FACEBOOK_GRAPH_VIDEO_URL="$sim" HERALD_FACEBOOK_UPLOAD_URL="$sim"
    HERALD_FACEBOOK_DIALOG_URL="$sim"
    HERALD_TIKTOK_CLIENT_KEY=sim-client-key HERALD_TIKTOK_CLIENT_SECRET=sim-client-secret
    HERALD_TIKTOK_API_URL="$sim" HERALD_TIKTOK_AUTH_URL="$sim" HERALD_SIMULATOR_PUBLIC_URL="$sim"
    HERALD_TIKTOK_VERIFIED_URL_PREFIXES="https://cdn.example.com/"
    HERALD_SIMULATOR_TIKTOK_CLIENT_SECRET=sim-client-secret
    HERALD_SIMULATOR_TIKTOK_WEBHOOK_URL="http://localhost:$publisher_port/webhooks/tiktok"
    HERALD_OUTBOUND_ALLOW="localhost,127.0.0.0/8,::1/128"
    HERALD_HEALTH_TARGETS="auth-service=http://localhost:$auth_port,content-service=http://localhost:$content_port,publisher-worker=http://localhost:$publisher_port,platform-simulator=$sim"
    HERALD_HEALTH_PLATFORMS="facebook=$sim,tiktok=$sim"
    MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}")
}

start_service() {
  local name="$1" port
  port=$(port_of "$name")
  if [ -f "$state/run/$name.pid" ] && kill -0 "$(cat "$state/run/$name.pid")" 2>/dev/null; then
    log "$name already running"; return
  fi
  service_env "$name"
  local flags="$java_opts"
  [ "$name" = platform-simulator ] && flags="$simulator_java_opts"
  env "${service_env[@]}" \
    "$JAVA_HOME/bin/java" $flags $(aot_opts "$name") -jar "$name/target/quarkus-app/quarkus-run.jar" \
    > "$state/logs/$name.log" 2>&1 &
  echo $! > "$state/run/$name.pid"
  log "started $name on :$port (log: $state/logs/$name.log)"
}

await_ready() {
  local name="$1" port deadline
  port=$(port_of "$name")
  deadline=$((SECONDS + 90))
  until curl -fsS "http://localhost:$port/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$state/run/$name.pid")" 2>/dev/null; then
      tail -30 "$state/logs/$name.log" >&2; die "$name exited during start-up"
    fi
    [ $SECONDS -lt $deadline ] || { tail -30 "$state/logs/$name.log" >&2; die "$name not ready after 90 s"; }
    sleep 0.5
  done
  log "$name ready"
}

up() {
  select_jdk; ensure_infra; ensure_secrets; build
  for s in "${services[@]}"; do start_service "$s"; done
  for s in "${services[@]}"; do await_ready "$s"; done
  log "status page: http://localhost:$health_port/   API description: http://localhost:$content_port/q/openapi"
}

down() {
  for s in "${services[@]}"; do
    local pidfile="$state/run/$s.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      # Quarkus finishes in-flight work on SIGTERM; wait for it as Kubernetes would, up to 60 s.
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      log "stopped $s"
    fi
    rm -f "$pidfile"
  done
  stop_private_infra
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

demo() {
  local auth="http://localhost:$auth_port" content="http://localhost:$content_port" email token fb tt post
  email="demo-$(date +%s)@herald.local"
  log "signing up $email"
  token=$(curl -fsS -X POST "$auth/api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"tenantName\":\"Demo\",\"email\":\"$email\",\"password\":\"correct horse battery staple\"}" | json "d['access_token']")

  connect() {
    local url step jar="$state/demo-cookies.txt"
    rm -f "$jar"
    url=$(curl -fsS -X POST "$auth/api/v1/social-accounts/connect" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "{\"platform\":\"$1\"}" | json "d['authorizationUrl']")
    # As a browser: Herald's start link sets the cookie binding the flow to this browser, the simulator's consent
    # dialog approves at once and redirects back to Herald's callback, which shows what is about to be connected
    # (JSON when asked for it, the same steps as the HTML pages); confirming it connects the account.
    step=$(curl -fsSL -c "$jar" -b "$jar" -H 'Accept: application/json' "$url")
    curl -fsS -c "$jar" -b "$jar" -H 'Accept: application/json' -X POST "$auth/api/v1/social-accounts/connect/confirm" \
      --data-urlencode "connect=$(echo "$step" | json "d['connectId']")" \
      --data-urlencode "csrf=$(echo "$step" | json "d['csrfToken']")" --data-urlencode decision=confirm \
      | json "d['accounts'][0]['id']"
    rm -f "$jar"
  }
  log "connecting a Facebook Page through the simulator's OAuth dialog"
  fb=$(connect FACEBOOK)
  log "connecting a TikTok account (PKCE) through the simulator's OAuth dialog"
  tt=$(connect TIKTOK)

  log "posting to both"
  post=$(curl -fsS -X POST "$content/api/v1/posts" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$email" -d @- <<JSON | json "d['id']"
{"text": "Hello from Herald! Published once, never lost.",
 "media": [{"type": "VIDEO", "url": "https://cdn.example.com/herald-demo.mp4"}],
 "targets": [{"socialAccountId": "$fb"},
             {"socialAccountId": "$tt", "options": {"privacyLevel": "SELF_ONLY", "disableComment": true,
              "disableDuet": true, "disableStitch": true, "mode": "DIRECT_POST"}}]}
JSON
)
  log "post $post created; waiting for both targets"
  local deadline=$((SECONDS + 120)) status
  while :; do
    status=$(curl -fsS "$content/api/v1/posts/$post" -H "Authorization: Bearer $token" | json "d['status']")
    case "$status" in PUBLISHED|FAILED|PARTIALLY_PUBLISHED) break ;; esac
    [ $SECONDS -lt $deadline ] || die "post still $status after 120 s; see $state/logs"
    sleep 1
  done
  curl -fsS "$content/api/v1/posts/$post" -H "Authorization: Bearer $token" | python3 -m json.tool
  log "post status: $status"
  log "what the simulated platforms received:"
  curl -fsS "http://localhost:$simulator_port/_sim/published" | python3 -m json.tool
}

# Sourced (deploy/image-check.sh), it only defines the functions above.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-run}" in
    up) up ;;
    down) down ;;
    demo) demo ;;
    infra) ensure_infra ;;
    run)
      trap down EXIT INT TERM
      up
      demo
      log "Herald is running; press Ctrl-C to stop"
      wait
      ;;
    *) die "usage: $0 [run|up|demo|down|infra]" ;;
  esac
fi
