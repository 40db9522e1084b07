#!/usr/bin/env bash
# Roll back a canary: upgrade with the canary off, keeping the stable tags
# (--backend-tag/--frontend-tag are the tags that stay). The stable pods were
# never touched, so only the canary pods go away.
#
# When a promotion itself failed, the stable pods may already run the new tags:
# --to-revision N runs `helm rollback` to N, the last revision known good.
#
#   scripts/release/rollback.sh --release todo --namespace todo \
#     --backend-tag sha-old --frontend-tag sha-old [--backend-digest sha256:...] [--frontend-digest ...]
#     [--values env.yaml] [--dry-run]
#   scripts/release/rollback.sh --release todo --namespace todo --to-revision 7 [--dry-run]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

parse_args "$@"

if [[ -n "$TO_REVISION" ]]; then
  [[ "$TO_REVISION" =~ ^[1-9][0-9]*$ ]] || die "--to-revision must be a revision number, got '$TO_REVISION'"
  run helm rollback "$RELEASE" "$TO_REVISION" --namespace "$NAMESPACE" --wait --timeout "$TIMEOUT"
  exit 0
fi

require --backend-tag "$BACKEND_TAG"
require --frontend-tag "$FRONTEND_TAG"
mapfile -d '' values < <(values_args)
mapfile -d '' pins < <(pin backend.image.digest "$BACKEND_DIGEST"; pin frontend.image.digest "$FRONTEND_DIGEST")
run helm upgrade "$RELEASE" "$CHART" --namespace "$NAMESPACE" \
  "${values[@]}" "${SET_ARGS[@]}" \
  --set canary.enabled=false \
  --set-string "backend.image.tag=$BACKEND_TAG" \
  --set-string "frontend.image.tag=$FRONTEND_TAG" \
  "${pins[@]}" --rollback-on-failure --wait --timeout "$TIMEOUT"
