#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample): each sample is charged to the component of the
frame nearest the top of its stack that belongs to one (so shares add up to 100 %), with the inclusive share (any
frame of the component on the stack) beside it, and the top self frames.

    python3 bench/jfr_summary.py recording.jfr [--threads] [--grep PATTERN]
"""
import collections
import json
import os
import subprocess
import sys

JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
# (label, substrings of "class.method"); first match per label, a sample counts once per label
COMPONENTS = [
    ("JWT verification (smallrye-jwt, jose4j)", ("io.smallrye.jwt", "org.jose4j")),
    ("RSA signature math", ("java.math.BigInteger", "sun.security.rsa")),
    ("rate limiter (Redis EVAL)", ("io.herald.content.ratelimit",)),
    ("account look-up (cache, auth-service)", ("io.herald.content.account",)),
    ("validation (Hibernate Validator + PostValidator)", ("org.hibernate.validator", "PostValidator")),
    ("idempotency repository", ("IdempotencyRepository",)),
    ("PostService.create", ("PostService.create",)),
    ("PostService.createBatch", ("PostService.createBatch", "PostService.createAll")),
    ("Hibernate ORM (all)", ("org.hibernate.",)),
    ("Hibernate flush", ("org.hibernate.event.internal.DefaultFlushEventListener", "AbstractFlushingEventListener")),
    ("JDBC driver (pgjdbc)", ("org.postgresql",)),
    ("Agroal pool", ("io.agroal",)),
    ("Narayana transactions", ("com.arjuna", "io.quarkus.narayana", "org.jboss.narayana")),
    ("Redis client (Vert.x)", ("io.vertx.redis", "io.quarkus.redis")),
    ("Jackson JSON", ("com.fasterxml.jackson",)),
    ("Quarkus REST (resteasy reactive)", ("org.jboss.resteasy.reactive",)),
    ("Vert.x / Netty I/O", ("io.netty", "io.vertx.core")),
    ("OpenTelemetry", ("io.opentelemetry",)),
    ("Micrometer", ("io.micrometer",)),
    ("logging", ("org.jboss.logmanager", "org.jboss.logging")),
    ("security / ArC interceptors", ("io.quarkus.security", "io.quarkus.arc")),
    ("scheduler loop", ("DueTargetScheduler",)),
    ("outbox relay loop", ("OutboxRelay",)),
    ("results consumer loop", ("ResultConsumer", "ResultApplier")),
    ("reconciler loop", ("Reconciler",)),
]


def frames_of(event):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for frame in stack.get("frames", []):
        method = frame["method"]
        out.append(method["type"]["name"].replace("/", ".") + "." + method["name"])
    return out


def main():
    path = sys.argv[1]
    grep = sys.argv[sys.argv.index("--grep") + 1] if "--grep" in sys.argv else None
    raw = subprocess.run([os.path.join(JAVA_HOME, "bin/jfr"), "print", "--json", "--stack-depth", "96", "--events",
                          "jdk.ExecutionSample", path], check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    total = len(events)
    inclusive = collections.Counter()
    leaf = collections.Counter()
    top = collections.Counter()
    threads = collections.Counter()
    grepped = collections.Counter()
    for e in events:
        frames = frames_of(e)
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        threads[thread.rstrip("0123456789-")] += 1
        if frames:
            top[frames[0]] += 1
        for label, needles in COMPONENTS:
            if needles and any(any(n in f for n in needles) for f in frames):
                inclusive[label] += 1
        leaf[next((label for f in frames for label, needles in COMPONENTS if any(n in f for n in needles)),
                  "other (JDK, no component frame)" if frames else "no Java stack")] += 1
        if grep and any(grep in f for f in frames):
            idx = max(i for i, f in enumerate(frames) if grep in f)
            grepped[" <- ".join(frames[max(0, idx - 6):idx + 1])] += 1
    print(f"{path}: {total} CPU samples")
    print("\n| component | samples (leaf-most component on the stack) | share | inclusive share |\n|---|---|---|---|")
    for label, n in leaf.most_common():
        print(f"| {label} | {n} | {n / total:.1%} | {inclusive[label] / total:.1%} |")
    print("\ntop self frames:")
    for frame, n in top.most_common(25):
        print(f"  {n:5d} {n / total:6.1%}  {frame}")
    if "--threads" in sys.argv:
        print("\nby thread:")
        for thread, n in threads.most_common(20):
            print(f"  {n:5d} {n / total:6.1%}  {thread}")
    if grep:
        print(f"\nstacks through {grep}:")
        for stack, n in grepped.most_common(15):
            print(f"  {n:5d}  {stack}")


if __name__ == "__main__":
    main()
