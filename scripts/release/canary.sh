#!/usr/bin/env bash
# Deploy a canary: keep the stable tags, add the canary Deployments and weighted
# routing from chart/values-canary.yaml with the new tags, and wait until every pod
# is ready. A failure rolls back to the previous revision (--rollback-on-failure).
#
#   scripts/release/canary.sh --release todo --namespace todo \
#     --stable-backend-tag sha-old --stable-frontend-tag sha-old \
#     --backend-tag sha-new --frontend-tag sha-new [--values env.yaml] [--dry-run]
#     [--stable-backend-digest sha256:... --stable-frontend-digest sha256:...] (new digests: see lib.sh)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

parse_args "$@"
require --backend-tag "$BACKEND_TAG"
require --frontend-tag "$FRONTEND_TAG"
require --stable-backend-tag "$STABLE_BACKEND_TAG"
require --stable-frontend-tag "$STABLE_FRONTEND_TAG"

mapfile -d '' values < <(values_args)
mapfile -d '' pins < <(
  pin backend.image.digest "$STABLE_BACKEND_DIGEST"
  pin frontend.image.digest "$STABLE_FRONTEND_DIGEST"
  pin canary.backend.digest "$BACKEND_DIGEST"
  pin canary.frontend.digest "$FRONTEND_DIGEST"
)
run helm upgrade --install "$RELEASE" "$CHART" --namespace "$NAMESPACE" \
  "${values[@]}" -f "$CHART/values-canary.yaml" "${SET_ARGS[@]}" \
  --set canary.enabled=true \
  --set-string "backend.image.tag=$STABLE_BACKEND_TAG" \
  --set-string "frontend.image.tag=$STABLE_FRONTEND_TAG" \
  --set-string "canary.backend.tag=$BACKEND_TAG" \
  --set-string "canary.frontend.tag=$FRONTEND_TAG" \
  "${pins[@]}" --rollback-on-failure --wait --timeout "$TIMEOUT"
