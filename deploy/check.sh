#!/usr/bin/env bash
# Checks the deployment files: the Kubernetes manifests build with kustomize, and the Prometheus alert
# rules parse and pass their unit tests. Needs kubectl and promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
for tool in kubectl promtool; do
  command -v "$tool" >/dev/null || { echo "deploy/check.sh needs $tool on the PATH"; exit 1; }
done
for dir in k8s/base k8s/simulator; do
  kubectl kustomize "$dir" > /dev/null
  echo "kustomize $dir: OK ($(kubectl kustomize "$dir" | grep -c '^kind:') objects)"
done
promtool check rules prometheus/herald-alerts.yml
promtool test rules prometheus/herald-alerts.test.yml
