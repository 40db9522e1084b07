#!/usr/bin/env bash
# Refuse to deploy an image that release.yml did not sign: for each component, `cosign verify` the image's
# keyless signature and that its certificate names this repository's release workflow, issued by GitHub's OIDC
# provider. Prints `<component>_digest=sha256:...` per verified image (for $GITHUB_OUTPUT). With a command after
# `--`, runs it only when every image verified (the deploy step puts `helm upgrade` there), with the verified
# digests in VERIFIED_BACKEND_DIGEST / VERIFIED_FRONTEND_DIGEST (the release scripts pin the images to them).
#
#   scripts/release/verify-image.sh --registry ghcr.io/acme --tag sha-abc --repository acme/todo \
#     [--component backend --component frontend] [-- bash scripts/release/canary.sh ...]
#
# Exit 0: all verified (and the command's own status when one was given); 1: an image is unsigned, signed by
# another identity, or missing; 2: bad arguments. Needs cosign and jq.
set -euo pipefail

REGISTRY=""
TAG=""
REPOSITORY="${GITHUB_REPOSITORY:-}"
ISSUER="https://token.actions.githubusercontent.com"
WORKFLOW=".github/workflows/release.yml"
components=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --registry) REGISTRY="${2:?--registry needs a value}"; shift 2 ;;
    --tag) TAG="${2:?--tag needs a value}"; shift 2 ;;
    --repository) REPOSITORY="${2:?--repository needs owner/name}"; shift 2 ;;
    --component) components+=("${2:?--component needs a name}"); shift 2 ;;
    --) shift; break ;;
    -h | --help) sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "error: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ -n "$REGISTRY" ]] || { echo "error: --registry is required" >&2; exit 2; }
[[ -n "$TAG" ]] || { echo "error: --tag is required" >&2; exit 2; }
[[ "$REPOSITORY" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || {
  echo "error: --repository (or GITHUB_REPOSITORY) must be owner/name, got '$REPOSITORY'" >&2
  exit 2
}
if [[ ${#components[@]} -eq 0 ]]; then components=(backend frontend); fi

# The certificate's identity is the workflow file at some ref of this repository: any ref of release.yml, no
# other workflow, no fork. Owner and name hold only [A-Za-z0-9_.-] (checked above): escaping the dots makes the
# regular expression match them literally.
workflow_re="${WORKFLOW//./\\.}"
identity="^https://github\\.com/${REPOSITORY//./\\.}/${workflow_re}@"

for component in "${components[@]}"; do
  image="${REGISTRY,,}/todo-$component:$TAG"
  if ! out="$(cosign verify --certificate-identity-regexp "$identity" --certificate-oidc-issuer "$ISSUER" \
    --output json "$image")"; then
    echo "::error::refusing $image: no valid signature by $REPOSITORY's $WORKFLOW (cosign verify failed)" >&2
    exit 1
  fi
  digest="$(jq -r '[.[].critical.image["docker-manifest-digest"]] | unique | if length == 1 then .[0] else "" end' \
    <<<"$out" 2>/dev/null || true)"
  if [[ ! "$digest" =~ ^sha256:[a-f0-9]{64}$ ]]; then
    echo "::error::refusing $image: cosign verified it but named no single image digest" >&2
    exit 1
  fi
  echo "verified $image@$digest (signed by $REPOSITORY's $WORKFLOW)" >&2
  echo "${component}_digest=$digest"
  # The command pins what was verified (lib.sh reads these), so a tag moved later cannot change what runs.
  export "VERIFIED_${component^^}_DIGEST=$digest"
done

if [[ $# -gt 0 ]]; then exec "$@"; fi
