#!/usr/bin/env bash
# Canary analysis window: port-forward to every running backend pod of the release
# (canary and stable tracks, selected by the chart's labels), then run the canary
# gate against their /metrics and print its JSON decision on stdout.
#
#   scripts/release/analyze-canary.sh --release todo --namespace todo -- \
#     --window 300 --interval 30 --min-requests 100
#
# Everything after `--` goes to canary-gate-cli.ts (thresholds, window). Needs
# kubectl with access to the namespace (pods get/list, pods/portforward create),
# Node 22.18+ (runs the TypeScript directly) and METRICS_TOKEN when /metrics is protected.
set -euo pipefail

RELEASE="${HELM_RELEASE:-todo}"
NAMESPACE="${HELM_NAMESPACE:-todo}"
FIRST_PORT=19100
METRICS_PORT=8000
METRICS_PATH=/metrics
while [[ $# -gt 0 ]]; do
  case "$1" in
    --release) RELEASE="${2:?}"; shift 2 ;;
    --namespace) NAMESPACE="${2:?}"; shift 2 ;;
    --first-port) FIRST_PORT="${2:?}"; shift 2 ;;
    --) shift; break ;;
    *) echo "error: unknown argument: $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

port="$FIRST_PORT"
gate_args=()
for track in canary stable; do
  selector="app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=backend,track=$track"
  mapfile -t pods < <(kubectl get pods --namespace "$NAMESPACE" --selector "$selector" \
    --field-selector status.phase=Running --output name)
  if [[ ${#pods[@]} -eq 0 ]]; then
    echo "error: no running backend pods with labels $selector" >&2
    exit 2
  fi
  for pod in "${pods[@]}"; do
    kubectl port-forward --namespace "$NAMESPACE" "$pod" "$port:$METRICS_PORT" >/dev/null 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 50); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
      sleep 0.2
    done
    echo "$track: $pod -> 127.0.0.1:$port" >&2
    gate_args+=("--$track" "http://127.0.0.1:$port$METRICS_PATH")
    port=$((port + 1))
  done
done

node "$here/canary-gate-cli.ts" "${gate_args[@]}" "$@"
