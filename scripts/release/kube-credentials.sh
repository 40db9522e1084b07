#!/usr/bin/env bash
# Write a kubeconfig for the deploy job to $RUNNER_TEMP/kubeconfig and export
# KUBECONFIG through $GITHUB_ENV. Two ways in, first match wins:
#
#  1. KUBECONFIG_B64 (environment secret KUBECONFIG, base64 of a kubeconfig file):
#     any cluster, any auth plugin the runner has.
#  2. OIDC, no stored credential: K8S_SERVER (+ K8S_CA_DATA, base64 PEM) and a GitHub
#     OIDC token for audience K8S_OIDC_AUDIENCE (default "kubernetes"). The API server
#     must trust https://token.actions.githubusercontent.com as a JWT issuer
#     (structured authentication config, Kubernetes 1.30+), and RBAC must bind the
#     token's subject (e.g. repo:ORG/REPO:environment:production) to a Role that can
#     manage the release's namespace. Needs `permissions: id-token: write`.
#
# Cloud-specific logins (aws eks update-kubeconfig, az aks get-credentials,
# gcloud get-credentials) fit as a step before this one that leaves a kubeconfig in
# KUBECONFIG_FILE; it is then used as is.
set -euo pipefail

out="${RUNNER_TEMP:?RUNNER_TEMP is not set}/kubeconfig"
umask 077

if [[ -n "${KUBECONFIG_FILE:-}" && -s "${KUBECONFIG_FILE}" ]]; then
  cp "$KUBECONFIG_FILE" "$out"
  how="kubeconfig from a previous step"
elif [[ -n "${KUBECONFIG_B64:-}" ]]; then
  base64 --decode <<<"$KUBECONFIG_B64" >"$out"
  how="kubeconfig from the KUBECONFIG secret"
elif [[ -n "${K8S_SERVER:-}" ]]; then
  : "${ACTIONS_ID_TOKEN_REQUEST_URL:?no OIDC token available: grant 'id-token: write' to this job}"
  : "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:?no OIDC token available}"
  audience="${K8S_OIDC_AUDIENCE:-kubernetes}"
  token="$(curl --fail --silent --show-error \
    --header "Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
    "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$audience" | jq -r '.value')"
  [[ -n "$token" && "$token" != null ]] || { echo "error: empty OIDC token" >&2; exit 1; }
  echo "::add-mask::$token"
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: target"
    echo "  cluster:"
    echo "    server: $K8S_SERVER"
    if [[ -n "${K8S_CA_DATA:-}" ]]; then echo "    certificate-authority-data: $K8S_CA_DATA"; fi
    echo "users:"
    echo "- name: github-oidc"
    echo "  user:"
    echo "    token: $token"
    echo "contexts:"
    echo "- name: target"
    echo "  context: {cluster: target, user: github-oidc}"
    echo "current-context: target"
  } >"$out"
  how="GitHub OIDC token (audience $audience) for $K8S_SERVER"
else
  echo "error: no cluster credentials: set the KUBECONFIG secret, or the K8S_SERVER variable for OIDC" >&2
  exit 1
fi

echo "KUBECONFIG=$out" >>"${GITHUB_ENV:-/dev/null}"
echo "cluster credentials: $how"
