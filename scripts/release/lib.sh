#!/usr/bin/env bash
# Shared argument parsing and command runner for canary.sh, promote.sh and rollback.sh.
# Every helm command goes through run(): with --dry-run it is printed (shell-quoted,
# one line, exactly as it would run) instead of executed.
# The variables below are read by the scripts that source this file.
# shellcheck disable=SC2034

RELEASE="${HELM_RELEASE:-todo}"
NAMESPACE="${HELM_NAMESPACE:-todo}"
CHART="${HELM_CHART:-chart}"
TIMEOUT="${HELM_TIMEOUT:-10m}"
BACKEND_TAG=""
FRONTEND_TAG=""
STABLE_BACKEND_TAG=""
STABLE_FRONTEND_TAG=""
TO_REVISION=""
# Image digests pin what runs (the tags stay as labels). The new images' come from verify-image.sh, which exports
# the digests cosign verified to the command it runs; the stable ones from current-release.sh. Empty = by tag.
BACKEND_DIGEST="${VERIFIED_BACKEND_DIGEST:-}"
FRONTEND_DIGEST="${VERIFIED_FRONTEND_DIGEST:-}"
STABLE_BACKEND_DIGEST=""
STABLE_FRONTEND_DIGEST=""
REGISTRY=""
DRY_RUN=false
VALUES_FILES=()
SET_ARGS=()

die() {
  echo "error: $*" >&2
  exit 2
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --release) RELEASE="${2:?--release needs a value}"; shift 2 ;;
      --namespace) NAMESPACE="${2:?--namespace needs a value}"; shift 2 ;;
      --chart) CHART="${2:?--chart needs a value}"; shift 2 ;;
      --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
      --values | -f) VALUES_FILES+=("${2:?--values needs a file}"); shift 2 ;;
      --registry) REGISTRY="${2:?--registry needs a value}"; shift 2 ;;
      --set) SET_ARGS+=(--set "${2:?--set needs key=value}"); shift 2 ;;
      --backend-tag) BACKEND_TAG="${2:?--backend-tag needs a value}"; shift 2 ;;
      --frontend-tag) FRONTEND_TAG="${2:?--frontend-tag needs a value}"; shift 2 ;;
      --stable-backend-tag) STABLE_BACKEND_TAG="${2:?--stable-backend-tag needs a value}"; shift 2 ;;
      --stable-frontend-tag) STABLE_FRONTEND_TAG="${2:?--stable-frontend-tag needs a value}"; shift 2 ;;
      # A digest flag may be given empty (a release that was deployed by tag).
      --backend-digest) BACKEND_DIGEST="${2?--backend-digest needs a value}"; shift 2 ;;
      --frontend-digest) FRONTEND_DIGEST="${2?--frontend-digest needs a value}"; shift 2 ;;
      --stable-backend-digest) STABLE_BACKEND_DIGEST="${2?--stable-backend-digest needs a value}"; shift 2 ;;
      --stable-frontend-digest) STABLE_FRONTEND_DIGEST="${2?--stable-frontend-digest needs a value}"; shift 2 ;;
      --to-revision) TO_REVISION="${2:?--to-revision needs a number}"; shift 2 ;;
      --dry-run) DRY_RUN=true; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument: $1 (see --help)" ;;
    esac
  done
  local digest
  for digest in "$BACKEND_DIGEST" "$FRONTEND_DIGEST" "$STABLE_BACKEND_DIGEST" "$STABLE_FRONTEND_DIGEST"; do
    [[ -z "$digest" || "$digest" =~ ^sha256:[a-f0-9]{64}$ ]] ||
      die "an image digest must be sha256:<64 hex digits>, got '$digest'"
  done
}

require() {
  local name="$1" value="$2"
  [[ -n "$value" ]] || die "$name is required"
}

# -f flags for the environment's own values files (in the order given), then the
# image registry (chart value image.registry, e.g. ghcr.io/acme) when one was given.
values_args() {
  local file
  for file in "${VALUES_FILES[@]}"; do
    printf '%s\0' -f "$file"
  done
  if [[ -n "$REGISTRY" ]]; then
    printf '%s\0' --set-string "image.registry=$REGISTRY"
  fi
}

# --set-string <key>=<digest> when a digest is given (NUL-separated, for mapfile -d ''; checked by parse_args).
pin() {
  if [[ -n "$2" ]]; then printf '%s\0' --set-string "$1=$2"; fi
}

run() {
  if [[ "$DRY_RUN" == true ]]; then
    local quoted=() arg
    for arg in "$@"; do
      if [[ "$arg" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then quoted+=("$arg"); else quoted+=("$(printf '%q' "$arg")"); fi
    done
    echo "${quoted[*]}"
  else
    echo "+ $*" >&2
    "$@"
  fi
}
