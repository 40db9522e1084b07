#!/usr/bin/env bash
# Describe the release as it is now, as key=value lines for $GITHUB_OUTPUT:
#   exists=true|false  revision=N  backend_tag=...  frontend_tag=...  backend_digest=...  frontend_digest=...
#   canary=true|false
# The tags are the stable ones (backend.image.tag / frontend.image.tag), which the
# release scripts always set explicitly, so `helm get values` returns them.
set -euo pipefail

RELEASE="${HELM_RELEASE:-todo}"
NAMESPACE="${HELM_NAMESPACE:-todo}"

if ! status="$(helm status "$RELEASE" --namespace "$NAMESPACE" --output json 2>/dev/null)"; then
  echo "exists=false"
  exit 0
fi
values="$(helm get values "$RELEASE" --namespace "$NAMESPACE" --output json)"
echo "exists=true"
echo "revision=$(jq -r '.version' <<<"$status")"
echo "status=$(jq -r '.info.status' <<<"$status")"
echo "backend_tag=$(jq -r '.backend.image.tag // ""' <<<"$values")"
echo "frontend_tag=$(jq -r '.frontend.image.tag // ""' <<<"$values")"
echo "backend_digest=$(jq -r '.backend.image.digest // ""' <<<"$values")"
echo "frontend_digest=$(jq -r '.frontend.image.digest // ""' <<<"$values")"
echo "canary=$(jq -r '.canary.enabled // false' <<<"$values")"
