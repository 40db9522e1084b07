#!/usr/bin/env bash
# Build both images and prove they run: healthy, non-root, read-only root filesystem, no dev dependencies.
#
#   scripts/image-smoke.sh                 build + run both images (docker if an engine answers, else buildah + podman)
#   scripts/image-smoke.sh --base-only     only make the local base image (buildah/podman machines)
#   scripts/image-smoke.sh --no-build      reuse todo-backend:smoke / todo-frontend:smoke
#   ENGINE=podman scripts/image-smoke.sh   force an engine
#   DATABASE_URL=postgres://... scripts/image-smoke.sh   run the backend on PostgreSQL instead of PGlite
#   COMPONENTS=backend scripts/image-smoke.sh           only one image (default: "backend frontend")
#   CONTEXT=/path/to/checkout scripts/image-smoke.sh    build from another copy of the repository
#   KUBE_PLAY=0 scripts/image-smoke.sh                  skip the podman kube play of the chart (scripts/kube-play.sh)
#
# Without a Docker engine no base image can be pulled, so a stand-in for the FROM image is made locally
# (shared/TOOLING.md): debootstrap a bookworm minbase, copy the host's node and npm in, add the CA bundle
# (the registry is reached through a TLS-intercepting proxy here; only this local test base gets it, never
# a shipped image), and import it under the exact name the Dockerfiles use. Its node is the host's, not 24.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

BACKEND_PORT="${BACKEND_PORT:-18000}"
FRONTEND_PORT="${FRONTEND_PORT:-13000}"
TAG="${TAG:-smoke}"
BACKEND_IMAGE="todo-backend:$TAG"
FRONTEND_IMAGE="todo-frontend:$TAG"
PREFIX="todo-smoke-$$"
COMPONENTS="${COMPONENTS:-backend frontend}"
CONTEXT="${CONTEXT:-$root}"
has() { [[ " $COMPONENTS " == *" $1 "* ]]; }
base_only=false
build=true
for arg in "$@"; do
  case "$arg" in
    --base-only) base_only=true ;;
    --no-build) build=false ;;
    *)
      echo "unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

log() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'image-smoke: FAIL: %s\n' "$*" >&2
  exit 1
}

base_of() { sed -n 's/^FROM \([^ ]*\) AS base$/\1/p' "$1"; }
node_image="$(base_of backend/Dockerfile)"
[[ -n "$node_image" ]] || die "backend/Dockerfile has no 'FROM <image> AS base' line"
[[ "$(base_of frontend/Dockerfile)" == "$node_image" ]] || die "backend and frontend Dockerfiles use different bases"

if [[ -z "${ENGINE:-}" ]]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    ENGINE=docker
  elif command -v podman >/dev/null 2>&1 && command -v buildah >/dev/null 2>&1; then
    ENGINE=podman
  else
    die "no engine: need a running docker, or buildah + podman (apt-get install buildah podman runc debootstrap)"
  fi
fi

# Engine wrappers. podman/buildah flags follow TOOLING.md: vfs storage, runc, cgroupfs, chroot isolation.
storage=(--storage-driver vfs)
ctr() {
  if [[ "$ENGINE" == docker ]]; then
    docker "$@"
  else
    podman "${storage[@]}" --runtime runc --cgroup-manager=cgroupfs "$@"
  fi
}
build_image() { # dockerfile tag
  local args=(--build-arg "VERSION=$(node -p 'require("./package.json").version')"
    --build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
    -f "$CONTEXT/$1" -t "$2" "$CONTEXT")
  if [[ "$ENGINE" == docker ]]; then
    DOCKER_BUILDKIT=1 docker build "${args[@]}"
  else
    # No --layers: under vfs every committed step is a full copy of the root filesystem (gigabytes per build, and
    # a layer cache that filled the disk across runs); one commit per stage keeps a build to a few copies.
    buildah "${storage[@]}" bud --layers=false --isolation chroot --pull=never --format docker \
      --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 "${args[@]}"
  fi
}
run_flags=(--read-only --network host --ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
# podman schedules healthchecks with systemd timers, absent here: the script runs the HEALTHCHECK itself.
[[ "$ENGINE" == podman ]] && run_flags+=(--no-healthcheck)

make_local_base() {
  local ref="docker.io/library/$node_image"
  if ctr image exists "$ref" 2>/dev/null; then
    echo "local base $ref already present"
    return
  fi
  command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install debootstrap)"
  log "making local stand-in for $ref (debootstrap bookworm minbase + host node $(node -v))"
  local rootfs
  rootfs="$(mktemp -d)"
  chmod 0755 "$rootfs" # mktemp makes it 0700, which would lock non-root users out of /
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  local node_bin npm_dir
  node_bin="$(readlink -f "$(command -v node)")"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  printf 'cafile=/etc/ssl/certs/ca-certificates.crt\n' >"$rootfs/usr/local/etc/npmrc"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | ctr import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' - "$ref" >/dev/null
  rm -rf "$rootfs"
}

cleanup() {
  ctr rm -f "$PREFIX-backend" "$PREFIX-frontend" >/dev/null 2>&1 || true
  ctr volume rm -f "$PREFIX-data" >/dev/null 2>&1 || true
  if [[ "$ENGINE" == podman ]]; then
    # Stage images and earlier builds are untagged: drop them, so runs do not pile up copies.
    buildah "${storage[@]}" rm --all >/dev/null 2>&1 || true
    ctr image prune -f >/dev/null 2>&1 || true
    storage_report "after cleanup"
  fi
}
trap cleanup EXIT

storage_root() { ctr info --format '{{.Store.GraphRoot}}' 2>/dev/null || echo /var/lib/containers/storage; }
free_gib() { # folder: GiB free on its filesystem (the folder's nearest existing parent)
  local dir="$1"
  until [[ -d "$dir" ]]; do dir="$(dirname "$dir")"; done
  df --output=avail -BG "$dir" | tail -n1 | tr -dc '0-9'
}
storage_report() { echo "image storage: $(du -sh "$(storage_root)" 2>/dev/null | cut -f1) used, $(free_gib "$(storage_root)") GiB free ($1)"; }
# Both builds need up to ~MIN_FREE_GIB under vfs. Short of it, drop every image but the base (the smoke tags of an
# earlier run included) before failing the run for want of disk.
MIN_FREE_GIB="${MIN_FREE_GIB:-20}"
if [[ "$ENGINE" == podman ]]; then
  storage_report "before"
  if (($(free_gib "$(storage_root)") < MIN_FREE_GIB)); then
    echo "less than $MIN_FREE_GIB GiB free: dropping earlier images"
    buildah "${storage[@]}" rm --all >/dev/null 2>&1 || true
    ctr rmi -f "$BACKEND_IMAGE" "$FRONTEND_IMAGE" >/dev/null 2>&1 || true
    ctr image prune -a -f --filter "reference!=docker.io/library/$node_image" >/dev/null 2>&1 ||
      ctr image prune -f >/dev/null 2>&1 || true
    storage_report "after dropping earlier images"
  fi
  make_local_base
fi
$base_only && exit 0

if $build; then
  for pair in "backend/Dockerfile $BACKEND_IMAGE" "frontend/Dockerfile $FRONTEND_IMAGE"; do
    read -r file tag <<<"$pair"
    has "${file%%/*}" || continue
    log "building $tag from $file ($ENGINE)"
    start=$SECONDS
    build_image "$file" "$tag"
    echo "built $tag in $((SECONDS - start)) s"
  done
fi

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

db_desc="embedded PGlite"
[[ -n "${DATABASE_URL:-}" ]] && db_desc="PostgreSQL from DATABASE_URL" # never print the URL: it holds a password
log "starting backend on :$BACKEND_PORT ($db_desc), read-only root filesystem"
ctr volume create "$PREFIX-data" >/dev/null
db_env=()
[[ -n "${DATABASE_URL:-}" ]] && db_env=(-e "DATABASE_URL=$DATABASE_URL")
ctr run -d --name "$PREFIX-backend" "${run_flags[@]}" \
  --tmpfs /tmp -v "$PREFIX-data:/data" \
  -e PORT="$BACKEND_PORT" -e JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
  -e RATE_LIMIT_ENABLED=false "${db_env[@]}" "$BACKEND_IMAGE" >/dev/null
wait_http "http://127.0.0.1:$BACKEND_PORT/health/ready" 120 || {
  ctr logs "$PREFIX-backend" | tail -40
  die "backend not ready on :$BACKEND_PORT"
}
echo "backend ready: $(curl -fsS "http://127.0.0.1:$BACKEND_PORT/health/ready")"

if has frontend; then
  log "starting frontend on :$FRONTEND_PORT with BACKEND_URL=http://127.0.0.1:$BACKEND_PORT"
  ctr run -d --name "$PREFIX-frontend" "${run_flags[@]}" \
    --tmpfs /tmp --tmpfs /app/frontend/.next/cache \
    -e PORT="$FRONTEND_PORT" -e BACKEND_URL="http://127.0.0.1:$BACKEND_PORT" "$FRONTEND_IMAGE" >/dev/null
  wait_http "http://127.0.0.1:$FRONTEND_PORT/healthz" 90 || {
    ctr logs "$PREFIX-frontend" | tail -40
    die "frontend not healthy on :$FRONTEND_PORT"
  }
  echo "frontend healthy: $(curl -fsS "http://127.0.0.1:$FRONTEND_PORT/healthz")"
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$FRONTEND_PORT/api/v1/users/me")"
  [[ "$code" == 401 ]] || die "frontend proxy to the backend: GET /api/v1/users/me gave $code, want 401"
  echo "frontend proxies /api/v1 to the backend (401 without a token)"
fi

for name in $COMPONENTS; do
  c="$PREFIX-$name"
  log "$name checks"
  uid="$(ctr exec "$c" id -u)"
  [[ "$uid" != 0 ]] || die "$name runs as root"
  echo "uid=$uid"
  pid1="$(ctr exec "$c" cat /proc/1/cmdline | tr '\0' ' ')"
  echo "PID 1: $pid1"
  if ctr exec "$c" sh -c 'touch /app/.probe' 2>/dev/null; then die "$name can write into /app"; fi
  echo "app files are not writable"
  # The image's own HEALTHCHECK command, run as the engine would.
  mapfile -t hc < <(ctr image inspect --format '{{json .Config.Healthcheck.Test}}' "$(ctr inspect --format '{{.ImageName}}' "$c" 2>/dev/null || ctr inspect --format '{{.Config.Image}}' "$c")" |
    node -e 'const t=JSON.parse(require("fs").readFileSync(0,"utf8"));if(!t||t[0]!=="CMD")process.exit(1);console.log(t.slice(1).join("\n"))')
  ((${#hc[@]})) || die "$name image has no exec-form HEALTHCHECK"
  ctr exec "$c" "${hc[@]}" || die "$name HEALTHCHECK command failed"
  echo "HEALTHCHECK passes"
done

log "no dev dependencies inside"
backend_dev=(vitest typescript drizzle-kit @swc/core supertest @nestjs/testing eslint nx prettier next react)
frontend_dev=(vitest typescript eslint @playwright/test tailwindcss @tailwindcss/postcss nx prettier @nestjs/core)
for mod in "${backend_dev[@]}"; do
  if ctr exec "$PREFIX-backend" test -e "/app/node_modules/$mod"; then die "backend image contains $mod"; fi
done
for mod in "${frontend_dev[@]}"; do
  has frontend || break
  if ctr exec "$PREFIX-frontend" test -e "/app/node_modules/$mod"; then die "frontend image contains $mod"; fi
done
echo "absent from backend: ${backend_dev[*]}"
has frontend && echo "absent from frontend: ${frontend_dev[*]}"

log "SIGTERM reaches node (graceful stop)"
for name in frontend backend; do
  has "$name" || continue
  start=$SECONDS
  ctr stop -t 20 "$PREFIX-$name" >/dev/null
  status="$(ctr inspect --format '{{.State.ExitCode}}' "$PREFIX-$name")"
  echo "$name stopped in $((SECONDS - start)) s, exit code $status"
  ((SECONDS - start < 20)) || die "$name ignored SIGTERM (killed after the timeout)"
done

log "image sizes"
ctr images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "todo-(backend|frontend):$TAG" || true
# The chart's pods as rendered, booted by `podman kube play` from the images just built (KUBE_PLAY=0 skips it).
if [[ "$ENGINE" == podman && "${KUBE_PLAY:-1}" != 0 ]] && has backend && has frontend; then
  log "the chart's pods with podman kube play (scripts/kube-play.sh)"
  start=$SECONDS
  TAG="$TAG" scripts/kube-play.sh --no-build || die "podman kube play of the rendered chart failed"
  echo "kube play took $((SECONDS - start)) s"
fi

echo
echo "image-smoke: OK ($ENGINE)"
