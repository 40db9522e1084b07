#!/usr/bin/env bash
# Boot the chart's pods as rendered, without a cluster: `helm template` with chart/values-local.yaml plus a small
# overlay, then `podman kube play` of the Deployments, after the migrate Job's pod has run to completion. Proves the
# backend and frontend containers get ready with the chart's env (ConfigMaps and Secrets), security context,
# volumes and memory limits, and prints what podman ignores. Runs as root on the podman the image smoke uses.
#
#   scripts/kube-play.sh              build the images first (ENGINE=podman scripts/image-smoke.sh), then play
#   scripts/kube-play.sh --no-build   play todo-backend:$TAG / todo-frontend:$TAG (TAG=smoke) already built
#   KUBE_PLAY_BACKEND_PORT / KUBE_PLAY_FRONTEND_PORT   host ports of the two containers (default 18100 / 13100)
#   KUBE_PLAY_DATABASE_URL   PostgreSQL server for a throwaway database (default $TEST_DATABASE_URL, else
#                            postgres://postgres@127.0.0.1:5432/postgres); dropped at the end
#
# What the overlay changes, and why (the rest is values-local.yaml as a cluster would get it):
#   - images: the smoke tags, pullPolicy Never (nothing can be pulled here);
#   - the database: the machine's PostgreSQL instead of the in-chart one (its image cannot be pulled here, and a
#     StatefulSet is no kind podman plays), given as secrets.databaseUrl, so DATABASE_URL comes from the Secrets;
#   - one replica each, PDBs off (the chart refuses minAvailable >= replicas): under --network host two replicas
#     would bind the same port;
#   - ports and BACKEND_URL: the pods share the host network (the machine's PostgreSQL listens on 127.0.0.1
#     only), so the containers listen on free host ports and the frontend calls the backend on 127.0.0.1.
# podman refuses port mappings under --network host, so the containers' `ports` are dropped from the played YAML,
# and it gives the process HOSTNAME=<pod hostname> over the manifest's (the frontend ConfigMap's 0.0.0.0, where
# Next listens); the pod name does not resolve under --network host, so the played pods get hostname: localhost.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

TAG="${TAG:-smoke}"
BACKEND_PORT="${KUBE_PLAY_BACKEND_PORT:-18100}"
FRONTEND_PORT="${KUBE_PLAY_FRONTEND_PORT:-13100}"
DB_SERVER_URL="${KUBE_PLAY_DATABASE_URL:-${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
RELEASE="todo-play-$$"
build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *)
      echo "unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

log() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'kube-play: FAIL: %s\n' "$*" >&2
  exit 1
}

if $build; then
  log "building the images (scripts/image-smoke.sh, podman)"
  ENGINE=podman KUBE_PLAY=0 scripts/image-smoke.sh
fi

command -v podman >/dev/null || die "podman missing (apt-get install podman runc)"
work="$(mktemp -d)"
# The flags of scripts/image-smoke.sh (vfs, runc, cgroupfs), and the ulimits it passes to `podman run` as defaults:
# kube play has no --ulimit, and podman's default nofile is above this machine's hard limit.
cat >"$work/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
events_logger = "file"
EOF
export CONTAINERS_CONF="$work/containers.conf"
ctr() { podman --storage-driver vfs --runtime runc --cgroup-manager=cgroupfs "$@"; }
for image in "todo-backend:$TAG" "todo-frontend:$TAG"; do
  ctr image exists "$image" || die "image $image missing: run scripts/image-smoke.sh first (or drop --no-build)"
done

helm="$(scripts/chart/fetch-helm.sh | sed -n 1p)" # not head: fetch-helm.sh would die of SIGPIPE
db_name="todo_kube_play_$$"
db_base="${DB_SERVER_URL%/*}"
psql_admin() { psql "$DB_SERVER_URL" -v ON_ERROR_STOP=1 -qAtc "$1" >/dev/null; }

secrets=()
volumes=()
# podman 4.3 names an emptyDir's volume after the volume ("tmp"): remove only those this run created.
volumes_before=" $(ctr volume ls -q | tr '\n' ' ') "
cleanup() {
  local status=$?
  set +e
  log "cleaning up"
  for yaml in play.yaml migrate.yaml; do
    [[ -f "$work/$yaml" ]] && ctr kube down "$work/$yaml" >/dev/null 2>&1
  done
  # Whatever kube down left (a pod that failed half way): by the names this run gave them.
  for pod in $(ctr pod ps -q --filter "name=^$RELEASE-" 2>/dev/null); do ctr pod rm -f "$pod" >/dev/null 2>&1; done
  for s in "${secrets[@]}"; do ctr secret rm "$s" >/dev/null 2>&1; done
  for v in "${volumes[@]}"; do ctr volume rm -f "$v" >/dev/null 2>&1; done
  psql_admin "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" 2>/dev/null
  rm -rf "$work"
  echo "removed the pods, secrets ${secrets[*]:-none}, volumes ${volumes[*]:-none} and database $db_name"
  exit "$status"
}
trap cleanup EXIT

log "rendering chart/values-local.yaml + the play overlay (release $RELEASE)"
pg_isready -d "$DB_SERVER_URL" -q || die "no PostgreSQL answers at KUBE_PLAY_DATABASE_URL / TEST_DATABASE_URL"
psql_admin "CREATE DATABASE $db_name"
cat >"$work/overlay.yaml" <<EOF
image:
  pullPolicy: Never
postgresql:
  enabled: false
secrets:
  databaseUrl: "$db_base/$db_name"
backend:
  image: { repository: todo-backend, tag: "$TAG" }
  replicaCount: 1
  pdb: { enabled: false }
  port: $BACKEND_PORT
frontend:
  image: { repository: todo-frontend, tag: "$TAG" }
  replicaCount: 1
  pdb: { enabled: false }
  port: $FRONTEND_PORT
  config:
    BACKEND_URL: "http://127.0.0.1:$BACKEND_PORT"
EOF
"$helm" template "$RELEASE" chart --namespace todo -f chart/values-local.yaml -f "$work/overlay.yaml" >"$work/rendered.yaml"
node scripts/chart/kube-play.mjs split "$work/rendered.yaml" "$work" --host-network

configmaps=()
for f in "$work"/configmap-*.yaml; do configmaps+=(--configmap "$f"); done
for f in "$work"/secret-*.json; do
  name="$(basename "$f" .json)"
  name="${name#secret-}"
  ctr secret create "$name" "$f" >/dev/null
  secrets+=("$name")
done
echo "podman secrets: ${secrets[*]}"
play() {
  if ! ctr kube play --network host "${configmaps[@]}" "$1" >/dev/null 2>"$work/play.err"; then
    cat "$work/play.err" >&2
    die "podman kube play $(basename "$1") failed"
  fi
  # Without systemd podman cannot schedule the healthcheck it made of the livenessProbe (reported at the end).
  grep -v 'systemd connection' "$work/play.err" >&2 || true
}
# Named volumes the played containers mount, for the cleanup.
note_volumes() {
  local name v
  for name in $(ctr ps -a --filter "pod=$1" --format '{{.Names}}'); do
    for v in $(ctr inspect "$name" --format '{{range .Mounts}}{{.Name}} {{end}}'); do
      [[ "$volumes_before" == *" $v "* || " ${volumes[*]} " == *" $v "* ]] || volumes+=("$v")
    done
  done
}

if [[ -s "$work/migrate.yaml" ]]; then
  job="$(sed -n 's/^  name: //p' "$work/migrate.yaml" | head -n1)"
  log "migrate Job as a pod ($job): podman runs no Jobs"
  start=$SECONDS
  play "$work/migrate.yaml"
  note_volumes "$job"
  code="$(timeout 300 podman --storage-driver vfs --runtime runc --cgroup-manager=cgroupfs wait "$job-migrate" ||
    echo "no exit code in 300 s")"
  if [[ "$code" != 0 ]]; then
    ctr logs "$job-migrate" 2>&1 | tail -30
    die "migrate pod ended with $code"
  fi
  echo "migrations applied in $((SECONDS - start)) s: $(ctr logs "$job-migrate" 2>&1 | tail -n1)"
  ctr kube down "$work/migrate.yaml" >/dev/null
fi

log "podman kube play: the Deployments (--network host, ConfigMaps via --configmap, Secrets as podman secrets)"
play "$work/play.yaml"
backend="$RELEASE-backend-pod-0"
frontend="$RELEASE-frontend-pod-0"
note_volumes "$backend"
note_volumes "$frontend"

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}
wait_http "http://127.0.0.1:$BACKEND_PORT/health/ready" 120 || {
  ctr logs "$backend-backend" 2>&1 | tail -40
  die "backend not ready on :$BACKEND_PORT"
}
echo "backend ready: $(curl -fsS "http://127.0.0.1:$BACKEND_PORT/health/ready")"
wait_http "http://127.0.0.1:$FRONTEND_PORT/healthz" 90 || {
  ctr logs "$frontend-frontend" 2>&1 | tail -40
  die "frontend not ready on :$FRONTEND_PORT"
}
echo "frontend ready: $(curl -fsS "http://127.0.0.1:$FRONTEND_PORT/healthz")"
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONTEND_PORT/api/v1/users/me")"
[[ "$code" == 401 ]] || die "frontend proxy to the backend (BACKEND_URL from its ConfigMap): GET /api/v1/users/me gave $code, want 401"
echo "frontend proxies /api/v1 to the backend (401 without a token)"

log "the containers against the rendered manifests"
for pair in "$backend-backend $RELEASE-backend/backend" "$frontend-frontend $RELEASE-frontend/frontend"; do
  read -r c key <<<"$pair"
  ctr inspect "$c" | node scripts/chart/kube-play.mjs check "$work/expect.json" "$key"
  # What the process itself sees: the user, no capabilities even in the bounding set, no privilege escalation.
  # shellcheck disable=SC2016 # expanded by the container's shell
  status="$(ctr exec "$c" sh -c 'echo "$(id -u):$(id -g)"; grep -E "^(CapBnd|CapEff|NoNewPrivs):" /proc/1/status')"
  grep -qx '10001:10001' <<<"$status" || die "$c: process user $(head -n1 <<<"$status")"
  grep -Eq '^CapBnd:[[:space:]]+0+$' <<<"$status" || die "$c: capabilities left: $status"
  grep -Eq '^NoNewPrivs:[[:space:]]+1$' <<<"$status" || die "$c: privilege escalation possible"
  if ctr exec "$c" touch /app/.probe 2>/dev/null; then die "$c: root filesystem is writable"; fi
  ctr exec "$c" touch /tmp/.probe || die "$c: /tmp (emptyDir) is not writable"
  echo "  process: uid:gid 10001:10001, CapBnd 0, NoNewPrivs 1, /app read-only, /tmp writable"
done
ctr exec "$frontend-frontend" touch /app/frontend/.next/cache/.probe || die "frontend: .next/cache is not writable"
hc="$(ctr inspect "$backend-backend" --format '{{join .Config.Healthcheck.Test " "}}')"
stop="$(ctr inspect "$backend-backend" --format '{{.Config.StopTimeout}}')"
shares="$(ctr inspect "$backend-backend" --format '{{.HostConfig.CpuShares}}')"
next_host="$(ctr exec "$frontend-frontend" sh -c 'tr "\0" "\n" </proc/1/environ | sed -n "s/^HOSTNAME=//p"')"

log "what podman ignored"
# Each claim checked against `man podman-kube-play` (podman 4.3.1's field tables) and this play's inspect output.
# The helm test Pod is a kind podman plays, left out here: it calls the Services by name, and podman has no Services.
skipped="$(grep -v '^Pod/' "$work/skipped.txt" | sed 's|/.*||' | sort | uniq -c | awk '{print $2 " x" $1}' |
  paste -sd, - | sed 's/,/, /g')"
echo "podman ignored: kinds $skipped (podman kube play takes Pod, Deployment, PersistentVolumeClaim and ConfigMap;" \
  "the Job ran above as a Pod; the helm test Pod is not played: it calls the Services by name); in the Deployments:" \
  "readinessProbe, startupProbe, lifecycle.preStop, terminationGracePeriodSeconds (stop timeout $stop s)," \
  "strategy, revisionHistoryLimit, serviceAccountName, automountServiceAccountToken, enableServiceLinks," \
  "topologySpreadConstraints, the pod-level securityContext (runAsNonRoot, fsGroup, seccompProfile; the container" \
  "level user, group, capabilities, read-only root and no-new-privileges do apply), container runAsNonRoot and" \
  "seccompProfile (podman's default seccomp filter applies), emptyDir medium and sizeLimit (a disk volume named" \
  "after the volume, shared by every pod that names one so), the CPU request (CPU shares $shares; memory request" \
  "and both limits apply), an explicit HOSTNAME env (the frontend process gets HOSTNAME=$next_host, the pod's" \
  "hostname, not its ConfigMap's); livenessProbe becomes a podman healthcheck '$hc' (named port unresolved, no curl in the" \
  "images) that nothing runs here (no systemd timers)"
echo
echo "kube-play: OK (podman $(podman version --format '{{.Client.Version}}'))"
