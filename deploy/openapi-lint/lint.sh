#!/usr/bin/env bash
# Lints each service's OpenAPI document with Redocly's linter (recommended ruleset, redocly.yaml), failing on any
# error or warning (the rules off and the problems ignored are in redocly.yaml and .redocly.lint-ignore.yaml, each
# with its reason). The documents are the ones the build writes (quarkus.smallrye-openapi.store-schema-directory:
# <service>/target/openapi/openapi.yaml), so run it after `./mvnw package` or `verify`. Needs Node.js 20.19+ and npm;
# installs the pinned @redocly/cli (package-lock.json) with `npm ci` on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
services=(auth-service content-service publisher-worker health-aggregator)

node_ok() {
  command -v node >/dev/null && command -v npm >/dev/null && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 22 || major === 22 && minor >= 12 || major === 20 && minor >= 19 ? 0 : 1)'
}
node_ok || { echo "deploy/openapi-lint needs Node.js 20.19+ or 22.12+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }
installed="$here/node_modules/.package-lock.json"
if [ ! -x "$here/node_modules/.bin/redocly" ] || [ "$here/package-lock.json" -nt "$installed" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

documents=()
for service in "${services[@]}"; do
  # relative to this directory, as .redocly.lint-ignore.yaml names them
  document="../../$service/target/openapi/openapi.yaml"
  if [ ! -f "$here/$document" ]; then
    echo "$service/target/openapi/openapi.yaml is missing: build first (./mvnw package -DskipTests)"; exit 1
  fi
  documents+=("$document")
done

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
failed=0
for document in "${documents[@]}"; do
  status=0
  (cd "$here" && NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    node_modules/.bin/redocly lint --config redocly.yaml --format=json "$document" > "$report" 2>/dev/null) || status=$?
  python3 - "$report" "$status" "${document#../../}" <<'PY' || failed=1
import json, sys
report, status, name = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
problems = report.get("problems", [])
for p in problems:
    where = "; ".join(l.get("pointer", "") for l in p.get("location", []))
    print(f"  {p['severity']}: {p['ruleId']}: {p['message']} ({where})")
totals = report.get("totals", {})
print(f"{name}: {totals.get('errors', 0)} errors, {totals.get('warnings', 0)} warnings,",
      f"{totals.get('ignored', 0)} ignored")
sys.exit(1 if problems or status != 0 else 0)
PY
done
[ $failed = 0 ] && echo "openapi lint: OK (${#documents[@]} documents, Redocly recommended ruleset)"
exit $failed
