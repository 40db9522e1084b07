#!/usr/bin/env bash
# Sign a pushed image keylessly and attest its SBOM and build provenance, all with the workflow's OIDC identity
# (Sigstore: Fulcio certificate, Rekor transparency log). The signature is over the image index digest, which
# also covers the SBOM and provenance that buildx attached to the index; the attestations make them verifiable
# on their own (`cosign verify-attestation --type spdxjson ...`). Run by release.yml after the push.
#
#   scripts/release/sign-image.sh ghcr.io/acme/todo-backend sha256:<digest>
#
# Needs cosign, docker buildx (to read the attached SBOM and provenance) and jq; the job needs
# `id-token: write` and push access to the registry.
set -euo pipefail

image="${1:?usage: sign-image.sh <image> <sha256:digest>}"
digest="${2:?usage: sign-image.sh <image> <sha256:digest>}"
[[ "$digest" =~ ^sha256:[a-f0-9]{64}$ ]] || { echo "error: not an image digest: $digest" >&2; exit 2; }
ref="${image,,}@$digest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cosign sign --yes "$ref"

docker buildx imagetools inspect "$ref" --format '{{ json .SBOM.SPDX }}' >"$work/sbom.spdx.json"
docker buildx imagetools inspect "$ref" --format '{{ json .Provenance.SLSA }}' >"$work/provenance.json"
for file in sbom.spdx.json provenance.json; do
  if ! jq -e 'type == "object" and length > 0' "$work/$file" >/dev/null; then
    echo "error: $ref carries no $file attestation (build-push-action needs sbom: true and provenance)" >&2
    exit 1
  fi
done
# BuildKit writes SLSA provenance v0.2 unless told version=v1; the predicate's shape says which.
provenance_type=slsaprovenance02
if jq -e 'has("buildDefinition")' "$work/provenance.json" >/dev/null; then provenance_type=slsaprovenance1; fi

cosign attest --yes --type spdxjson --predicate "$work/sbom.spdx.json" "$ref"
cosign attest --yes --type "$provenance_type" --predicate "$work/provenance.json" "$ref"
echo "signed $ref and attested its SBOM (spdxjson) and provenance ($provenance_type)" >&2
