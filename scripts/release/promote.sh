#!/usr/bin/env bash
# Promote: the new tags become stable and the canary is switched off, in one
# `helm upgrade --install` (so it also serves as the first install of a release).
# --rollback-on-failure (Helm 4's name for --atomic) undoes a failed promotion to
# the canary revision; the deploy workflow then runs `rollback.sh --to-revision`
# to get back to the last stable revision.
#
#   scripts/release/promote.sh --release todo --namespace todo \
#     --backend-tag sha-abc1234 --frontend-tag sha-abc1234 [--values env.yaml] [--dry-run]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

parse_args "$@"
require --backend-tag "$BACKEND_TAG"
require --frontend-tag "$FRONTEND_TAG"

mapfile -d '' values < <(values_args)
mapfile -d '' pins < <(pin backend.image.digest "$BACKEND_DIGEST"; pin frontend.image.digest "$FRONTEND_DIGEST")
run helm upgrade --install "$RELEASE" "$CHART" --namespace "$NAMESPACE" \
  "${values[@]}" "${SET_ARGS[@]}" \
  --set canary.enabled=false \
  --set-string "backend.image.tag=$BACKEND_TAG" \
  --set-string "frontend.image.tag=$FRONTEND_TAG" \
  "${pins[@]}" --rollback-on-failure --wait --timeout "$TIMEOUT"
