#!/usr/bin/env bash
# Writes secrets.env (the keys of the Secret herald-secrets, as deploy/k8s/overlays/dev/secrets.sh makes them),
# postgres.env (the same database password for the postgres container) and content.env (content-service's own
# crypto keys), with fresh random values, once:
#   deploy/compose/secrets.sh && docker compose -f deploy/compose/docker-compose.yml up
# The files are git-ignored; running the script again rotates every key and orphans the data sealed under them.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f secrets.env ] && [ "${1:-}" != --force ]; then echo "secrets.env exists (--force to replace it)"; exit 0; fi
umask 077
password="$(openssl rand -hex 16)"
content_keys="k1:$(openssl rand -base64 32)"
pem="$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | awk '{printf "%s\\n", $0}')"
cat > secrets.env <<ENV
QUARKUS_DATASOURCE_PASSWORD=$password
HERALD_SERVICE_CLIENT_SECRET=$(openssl rand -hex 24)
HERALD_JWT_SIGNING_KEY="$pem"
HERALD_CRYPTO_KEYS=k1:$(openssl rand -base64 32)
HERALD_CONTENT_CRYPTO_KEYS=$content_keys
HERALD_FACEBOOK_APP_SECRET=sim-app-secret
HERALD_TIKTOK_CLIENT_SECRET=sim-client-secret
ENV
echo "POSTGRES_PASSWORD=$password" > postgres.env
# content-service seals webhook secrets under keys of its own (the manifests' secretKeyRef HERALD_CONTENT_CRYPTO_KEYS).
echo "HERALD_CRYPTO_KEYS=$content_keys" > content.env
echo "wrote $(pwd)/secrets.env, postgres.env and content.env"
