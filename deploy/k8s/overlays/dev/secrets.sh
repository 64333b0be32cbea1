#!/usr/bin/env bash
# Prints a Secret `herald-secrets` with fresh random values for the dev overlay (a try-out against the platform
# simulator): deploy/k8s/overlays/dev/secrets.sh | kubectl apply -f -
# Nothing here is kept: run it once per cluster (running it again rotates every key and orphans sealed data).
set -euo pipefail
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/jwt.pem" 2>/dev/null
kubectl create secret generic herald-secrets --namespace herald --dry-run=client -o yaml \
  --from-literal=QUARKUS_DATASOURCE_PASSWORD="$(openssl rand -hex 16)" \
  --from-literal=HERALD_SERVICE_CLIENT_SECRET="$(openssl rand -hex 24)" \
  --from-file=HERALD_JWT_SIGNING_KEY="$dir/jwt.pem" \
  --from-literal=HERALD_CRYPTO_KEYS="k1:$(openssl rand -base64 32)" \
  --from-literal=HERALD_CONTENT_CRYPTO_KEYS="k1:$(openssl rand -base64 32)" \
  --from-literal=HERALD_FACEBOOK_APP_SECRET=sim-app-secret \
  --from-literal=HERALD_TIKTOK_CLIENT_SECRET=sim-client-secret
