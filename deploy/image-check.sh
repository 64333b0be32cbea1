#!/usr/bin/env bash
# What can be proved of the container images without a container engine. For each service, it lays the packaged
# build out exactly as the COPY lines of its src/main/docker/Dockerfile.jvm do (ownership included), and starts it
# from that tree the way the image would: as the Dockerfile's USER (185, not root), with its JAVA_APP_JAR,
# GC_CONTAINER_OPTIONS, JAVA_OPTS_APPEND and MALLOC_ARENA_MAX, in a private mount namespace where every filesystem is
# read-only except a private /tmp (as Kubernetes' readOnlyRootFilesystem with the emptyDir /tmp of
# deploy/k8s/base); then it waits for each to be ready on /q/health/ready and shows what each wrote into its /tmp.
# Not exercised: the base image itself and its run-java.sh (the JDK here stands in for the image's JDK 21).
#
# Needs root (mount namespace, user switch: unshare and setpriv from util-linux), the packaged services
# (./mvnw package), and PostgreSQL and Redis (found or started as deploy/local/run.sh does). Ports and databases as
# run.sh: AUTH_PORT..., HERALD_DB, HERALD_REDIS_DB; state (secrets, logs) in HERALD_STATE_DIR (default
# .herald/image-check). Run by CI after the build (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export HERALD_STATE_DIR="${HERALD_STATE_DIR:-$root/.herald/image-check}"
# shellcheck source=local/run.sh
. "$root/deploy/local/run.sh"

[ "$(id -u)" = 0 ] || die "deploy/image-check.sh needs root (a private mount namespace and a switch to user 185)"
for tool in unshare setpriv curl python3; do
  command -v "$tool" >/dev/null || die "deploy/image-check.sh needs $tool"
done

# The image trees live outside /tmp (under /var/tmp, one per checkout): the check mounts a private /tmp over /tmp,
# which would hide a tree laid out inside a checkout that itself lives under /tmp.
work="/var/tmp/herald-image-check-$(printf '%s' "$root" | md5sum | cut -c1-12)"

# The Dockerfile's COPY sources/destinations and ENV values, as shell words: "copy SRC DEST" and "env KEY VALUE".
dockerfile() {
  python3 - "$1" <<'PY'
import shlex, sys
lines = open(sys.argv[1]).read().replace("\\\n", " ").splitlines()
for line in lines:
    words = shlex.split(line, comments=True)
    if not words:
        continue
    op, args = words[0].upper(), words[1:]
    if op == "COPY":
        args = [a for a in args if not a.startswith("--")]
        for src in args[:-1]:
            print("copy", shlex.quote(src), shlex.quote(args[-1]))
    elif op == "ENV":
        for pair in args:
            key, _, value = pair.partition("=")
            print("env", shlex.quote(key), shlex.quote(value))
    elif op == "USER":
        print("user", shlex.quote(args[0]))
PY
}

# Lays out $1's image tree under $work/$1/root as its Dockerfile's COPY lines do; sets image_env and image_user.
layout() {
  local name="$1" module="$root/$1" tree="$work/$1/root" kind a b
  local -A env=()
  image_user=""
  mkdir -p "$tree"
  while read -r kind a b; do
    eval "a=$a; b=${b:-''}"
    case "$kind" in
      copy)
        local dest="$tree$b" matched=0 src
        mkdir -p "$dest"
        for src in $module/$a; do
          [ -e "$src" ] || continue
          matched=1
          if [ -d "$src" ]; then cp -a "$src/." "$dest"; else cp -a "$src" "$dest"; fi
        done
        [ $matched = 1 ] || die "$name: COPY $a matches nothing: package first (./mvnw package -DskipTests)"
        ;;
      env) env[$a]="$b" ;;
      user) image_user="$a" ;;
    esac
  done < <(dockerfile "$module/src/main/docker/Dockerfile.jvm")
  [ -n "$image_user" ] && [ "$image_user" != 0 ] && [ "$image_user" != root ] || die "$name: the image runs as root"
  # COPY --chown=185: owned by the image's user (uid and gid); then read-only, as a read-only root filesystem is.
  chown -R "$image_user:$image_user" "$tree"
  chmod -R a-w "$tree"
  image_env=()
  local key
  for key in "${!env[@]}"; do image_env+=("$key=${env[$key]}"); done
  app_jar="$tree${env[JAVA_APP_JAR]:?$name: the Dockerfile sets no JAVA_APP_JAR}"
  java_flags="${env[GC_CONTAINER_OPTIONS]:-} ${env[JAVA_OPTS_APPEND]:-}"
}

start_image() {
  local name="$1" tmp="$work/$1/tmp"
  layout "$name"
  mkdir -p "$tmp"
  chown "$image_user:$image_user" "$tmp"
  chmod 1777 "$tmp"
  service_env "$name"
  # In a private mount namespace: the private tmp mounted on /tmp (read-write), then every other filesystem but the
  # kernel's (/proc, /sys, /dev) remounted read-only; then, as the image's user, the JVM as run-java.sh starts it.
  unshare --mount --propagation private -- bash -c '
    set -e
    mount --bind "$1" /tmp
    while read -r mountpoint; do
      case "$mountpoint" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*|/tmp) continue ;; esac
      mount -o remount,bind,ro "$mountpoint" 2>/dev/null || true
    done < <(awk "{print \$5}" /proc/self/mountinfo | sort -u)
    if touch "$2/.write-probe" 2>/dev/null; then echo "the root filesystem is still writable" >&2; exit 1; fi
    shift 2
    exec "$@"' bash "$tmp" "$(dirname "$app_jar")" \
    setpriv --reuid="$image_user" --regid="$image_user" --clear-groups -- \
    env -i PATH=/usr/bin:/bin HOME=/home/default LANG=C.UTF-8 "${image_env[@]}" "${service_env[@]}" \
    "$JAVA_HOME/bin/java" $java_flags -jar "$app_jar" > "$state/logs/$name.log" 2>&1 &
  echo $! > "$state/run/$name.pid"
  log "started $name from its image layout as user $image_user, read-only but /tmp (log: $state/logs/$name.log)"
}

stop_images() {
  for s in "${services[@]}"; do
    local pidfile="$state/run/$s.pid"
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.5; done
    rm -f "$pidfile"
  done
  stop_private_infra
}

select_jdk
ensure_infra
ensure_secrets
mkdir -p "$state/logs"
if [ -d "$work" ]; then chmod -R u+w "$work"; rm -rf "$work"; fi
mkdir -p "$work"
trap stop_images EXIT
for s in "${services[@]}"; do start_image "$s"; done
for s in "${services[@]}"; do await_ready "$s"; done
for s in "${services[@]}"; do
  uid=$(ps -o uid= -p "$(cat "$state/run/$s.pid")" | tr -d ' ')
  [ "$uid" = "$image_user" ] || die "$s runs as uid $uid, not as the image's user $image_user"
  log "$s was ready as uid $uid; what it wrote (into /tmp, the only writable place): $(cd "$work/$s/tmp" \
    && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')"
done
log "image check: OK (${#services[@]} services ready from their image layout as a non-root user, read-only but /tmp)"
