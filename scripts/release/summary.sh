#!/usr/bin/env bash
# Markdown job summary for deploy.yml: what was deployed, what the gate saw and
# decided, and what was done about it. Reads the step outcomes from the environment
# and the gate's JSON from GATE_JSON (a file, may be missing). Prints to stdout.
set -euo pipefail

outcome() { echo "${1:-skipped}"; }
result="${RESULT:?RESULT is required}"

echo "## Deploy to \`${ENVIRONMENT:-?}\`: ${result}"
echo
echo "| | |"
echo "|---|---|"
echo "| release | \`${HELM_RELEASE:-todo}\` in namespace \`${HELM_NAMESPACE:-todo}\` |"
echo "| new images | \`${NEW_TAG:-?}\` |"
echo "| stable before | \`${STABLE_BACKEND_TAG:-none}\` (backend), \`${STABLE_FRONTEND_TAG:-none}\` (frontend), revision ${STABLE_REVISION:-none} |"
echo "| canary deploy | $(outcome "${CANARY_OUTCOME:-}") |"
echo "| first install | $(outcome "${INSTALL_OUTCOME:-}") |"
echo "| smoke test | $(outcome "${SMOKE_OUTCOME:-}") |"
echo "| canary analysis | $(outcome "${GATE_OUTCOME:-}") |"
echo "| promote | $(outcome "${PROMOTE_OUTCOME:-}") |"
echo "| roll back (canary off) | $(outcome "${ROLLBACK_OUTCOME:-}") |"
echo "| helm rollback (failed promotion) | $(outcome "${REVISION_ROLLBACK_OUTCOME:-}") |"

if [[ -n "${GATE_JSON:-}" && -s "${GATE_JSON}" ]]; then
  echo
  echo "### Canary gate: $(jq -r '.verdict' "$GATE_JSON")"
  echo
  echo "> $(jq -r '.reason' "$GATE_JSON")"
  if jq -e '.canary' "$GATE_JSON" >/dev/null; then
    echo
    echo "| track | requests | 5xx | error ratio | slower than the latency SLO | p95 |"
    echo "|---|---|---|---|---|---|"
    for track in canary stable; do
      jq -r --arg t "$track" '.[$t] as $m
        | "| \($t) | \($m.requests) | \($m.errors) | "
          + (if $m.errorRatio == null then "n/a" else "\($m.errorRatio * 10000 | round / 100) %" end) + " | "
          + (if ($m.observed // 0) == 0 then "n/a" else "\($m.slow / $m.observed * 10000 | round / 100) %" end) + " | "
          + (if $m.p95Seconds == null then "n/a" else "\($m.p95Seconds * 1000 | round) ms" end) + " |"' "$GATE_JSON"
    done
    echo
    echo "Window $(jq -r '.elapsedSeconds' "$GATE_JSON") s, thresholds: \`$(jq -c '.thresholds' "$GATE_JSON")\`"
  fi
fi
