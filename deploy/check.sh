#!/usr/bin/env bash
# Checks the deployment files: the Kubernetes manifests build with kustomize, the Prometheus alert rules parse and
# pass their unit tests, and the PrometheusRule is the alert file's copy. The deeper checks (every object against
# the Kubernetes API types, the manifests against the code) are the Maven module deploy-tests, run by the build.
# Needs kubectl and promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
for tool in kubectl promtool; do
  command -v "$tool" >/dev/null || { echo "deploy/check.sh needs $tool on the PATH"; exit 1; }
done
for dir in k8s/base k8s/overlays/dev k8s/overlays/prod grafana; do
  echo "kustomize $dir: OK ($(kubectl kustomize "$dir" | grep -c '^kind:') objects)"
done
promtool check rules prometheus/herald-alerts.yml
promtool test rules prometheus/herald-alerts.test.yml
rule=k8s/components/prometheus-operator/prometheus-rule.yaml
if ! diff -q <(k8s/components/prometheus-operator/generate-rule.sh /dev/stdout) "$rule" >/dev/null; then
  echo "$rule differs from prometheus/herald-alerts.yml: run k8s/components/prometheus-operator/generate-rule.sh"
  exit 1
fi
echo "$rule: the copy of prometheus/herald-alerts.yml"
