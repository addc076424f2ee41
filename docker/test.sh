#!/usr/bin/env bash
# `make docker-test`: builds docker/Dockerfile with no Docker engine (buildah, and a base image made
# by debootstrap from Debian's mirror), runs the image the way its own config says (entrypoint,
# command, user, health check), talks to it from outside with the AWS CLI, and prints what the
# project's layers add. Safe to run again: the base image is made once per machine, layers are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || exec sudo --preserve-env=PATH,IMAGE,STREAMSTACK_BUILDAH_ROOT "$0" "$@"

IMAGE=${IMAGE:-localhost/streamstack:test}
BUILDER_IMAGE=${IMAGE%:*}-builder:${IMAGE##*:}
# A store of our own, always vfs: it works wherever the kernel refuses overlay mounts, and it never
# meets a default store that another tool set up with a different driver.
STORE=${STREAMSTACK_BUILDAH_ROOT:-/var/lib/containers/streamstack}
BUILDAH=(buildah --root "$STORE/storage" --runroot /run/streamstack-buildah --storage-driver vfs)
# Bump when the base image recipe below changes, so machines that have the old one rebuild it.
BASE_RECIPE=2
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true

passed=0
failed=0
container=""
server_pid=""
work=$(mktemp -d /tmp/streamstack-docker-test.XXXXXX)

step() { printf '\n== %s\n' "$*"; }
check() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $name"
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
  fi
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  # setsid made the server's buildah its own process group: end the group, then wait for it.
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  stop_server
  [ -z "$container" ] || "${BUILDAH[@]}" rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

install_tools() {
  local missing="" p
  for p in buildah debootstrap; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
  done
  [ -n "$missing" ] || return 0
  step "installing$missing"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# The mirror apt already uses on this machine, so the base image needs no other network.
debian_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
  [ -n "$uri" ] || uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -1)
  echo "${uri:-http://deb.debian.org/debian}"
}

base_recipe_of() {
  "${BUILDAH[@]}" inspect --type image --format '{{index .Docker.Config.Labels "streamstack.base-recipe"}}' \
    "$1" 2>/dev/null || true
}

# debian:bookworm from debootstrap, and debian:bookworm-slim from it with the published slim image's
# dpkg excludes (no docs, man pages, locales), so what the project's layers add measures as it would
# on the real base.
make_base_images() {
  if [ "$(base_recipe_of docker.io/library/debian:bookworm)" = "$BASE_RECIPE" ] &&
    [ "$(base_recipe_of docker.io/library/debian:bookworm-slim)" = "$BASE_RECIPE" ]; then
    echo "base images: cached (recipe $BASE_RECIPE)"
    return 0
  fi
  local mirror root
  mirror=$(debian_mirror)
  step "making debian:bookworm with debootstrap from $mirror"
  container=$("${BUILDAH[@]}" from scratch)
  root=$("${BUILDAH[@]}" mount "$container")
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; return 1; }
  # Same suites as the host (updates and security too), as the published image has.
  if grep -qs bookworm /etc/apt/sources.list.d/debian.sources; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list"
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  "${BUILDAH[@]}" umount "$container" >/dev/null
  "${BUILDAH[@]}" config --label "streamstack.base-recipe=$BASE_RECIPE" --cmd bash "$container"
  "${BUILDAH[@]}" commit -q --rm "$container" localhost/debian:bookworm >/dev/null
  container=""
  "${BUILDAH[@]}" tag localhost/debian:bookworm docker.io/library/debian:bookworm

  step "making debian:bookworm-slim"
  # A copy in one layer of its own: deleting in a layer above would only add to the size.
  local full
  full=$("${BUILDAH[@]}" from --pull=never localhost/debian:bookworm)
  container=$("${BUILDAH[@]}" from scratch)
  root=$("${BUILDAH[@]}" mount "$container")
  cp -a "$("${BUILDAH[@]}" mount "$full")/." "$root/"
  "${BUILDAH[@]}" rm "$full" >/dev/null
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/*
  "${BUILDAH[@]}" umount "$container" >/dev/null
  "${BUILDAH[@]}" config --label "streamstack.base-recipe=$BASE_RECIPE" --cmd bash "$container"
  "${BUILDAH[@]}" commit -q --rm "$container" localhost/debian:bookworm-slim >/dev/null
  container=""
  "${BUILDAH[@]}" tag localhost/debian:bookworm-slim docker.io/library/debian:bookworm-slim
  "${BUILDAH[@]}" rmi --prune >/dev/null 2>&1 || true   # a base of an older recipe
}

build_image() {
  # The host's ccache serves the builder stage too: same compiler, same headers, and the Makefile's
  # CCACHE_BASEDIR makes paths relative, so a CI run compiles the sources once, not twice.
  local ccache_dir
  ccache_dir=$(ccache -k cache_dir 2>/dev/null || echo "$HOME/.cache/ccache")
  mkdir -p "$ccache_dir"
  local bud=("${BUILDAH[@]}" bud --pull=never --isolation chroot --layers --format docker
    -v "$ccache_dir:/root/.cache/ccache" -f docker/Dockerfile)
  step "building $BUILDER_IMAGE and $IMAGE"
  # The builder stage gets a name of its own so its layers are never pruned as dangling.
  "${bud[@]}" --target builder -t "$BUILDER_IMAGE" . >"$work/build.log" 2>&1 ||
    { tail -60 "$work/build.log"; return 1; }
  "${bud[@]}" -t "$IMAGE" . >>"$work/build.log" 2>&1 || { tail -60 "$work/build.log"; return 1; }
  grep -E '^(STEP|--> Using cache|runtime package:)' "$work/build.log" | sed 's/^/  /' || true
  # Layers of earlier builds that nothing names any more.
  "${BUILDAH[@]}" rmi --prune >/dev/null 2>&1 || true
}

# The image's config as bash assignments: what `docker run` would run, as whom, how it is checked.
read_image_config() {
  "${BUILDAH[@]}" inspect --type image "$IMAGE" | python3 -c '
import json, shlex, sys
config = json.load(sys.stdin)["Docker"]["config"]
def array(name, values):
    print("%s=(%s)" % (name, " ".join(shlex.quote(v) for v in values or [])))
array("entrypoint", config.get("Entrypoint"))
array("cmd", config.get("Cmd"))
array("healthcheck", (config.get("Healthcheck") or {}).get("Test"))
array("env", config.get("Env"))
array("exposed", sorted((config.get("ExposedPorts") or {}).keys()))
array("volumes", sorted((config.get("Volumes") or {}).keys()))
print("user=%s" % shlex.quote(config.get("User") or ""))
'
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the image's entrypoint and command as the image's user, on $port of this host (chroot
# isolation shares the host's network), with $work/data as the /data volume, as `docker run -v` does.
start_server() {
  setsid "${BUILDAH[@]}" run --isolation chroot --user "$user" -v "$work/data:/data" \
    --env STREAMSTACK_HOST=127.0.0.1 --env "STREAMSTACK_PORT=$port" \
    "$container" -- "${entrypoint[@]}" "${cmd[@]}" >>"$work/server.log" 2>&1 </dev/null &
  server_pid=$!
  for _ in $(seq 150); do
    curl -fsS -o "$work/health.json" "http://127.0.0.1:$port/_streamstack/health" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server did not answer on port $port:"
  cat "$work/server.log"
  return 1
}

run_healthcheck() {
  local port=$1
  case "${healthcheck[0]}" in
    CMD) "${BUILDAH[@]}" run --isolation chroot --user "$user" --env "STREAMSTACK_PORT=$port" \
      "$container" -- "${healthcheck[@]:1}" ;;
    CMD-SHELL) "${BUILDAH[@]}" run --isolation chroot --user "$user" --env "STREAMSTACK_PORT=$port" \
      "$container" -- /bin/sh -c "${healthcheck[1]}" ;;
    *) return 1 ;;
  esac
}

uid_of_listener() {
  local pid
  pid=$(ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] && awk '/^Uid:/ {print $2}' "/proc/$pid/status"
}

is_non_root() { [ -n "$1" ] && [ "${1%%:*}" != 0 ] && [ "${1%%:*}" != root ]; }

# The listening process has the uid the image's user has inside, and that user is streamstack.
same_user() { [ -n "$1" ] && [ "$1" = "$2" ] && [ "$3" = streamstack ]; }

aws_ddb() { aws dynamodb --endpoint-url "http://127.0.0.1:$port" --output json "$@"; }

item_is() {
  python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])).get("Item") != json.loads(sys.argv[2]))' \
    "$1" "$2"
}

smoke_test() {
  step "image config"
  eval "$(read_image_config)"
  printf '  entrypoint: %s\n  cmd: %s\n  user: %s\n  healthcheck: %s\n  env: %s\n' \
    "${entrypoint[*]}" "${cmd[*]}" "$user" "${healthcheck[*]}" "${env[*]}"
  check "entrypoint is streamstack" [ "${entrypoint[*]}" = streamstack ]
  check "command loads the stack file copied into the image" \
    [ "${cmd[*]}" = "--config /etc/streamstack/stack.json" ]
  check "runs as a non-root user" is_non_root "$user"
  check "health check asks /_streamstack/health" grep -q /_streamstack/health <<<"${healthcheck[*]}"
  check "exposes 4566/tcp and declares the /data volume" \
    [ "${exposed[*]} ${volumes[*]}" = "4566/tcp /data" ]
  check "listens on all interfaces and keeps its data in /data" \
    grep -qx 'STREAMSTACK_HOST=0.0.0.0 STREAMSTACK_DATA=/data/streamstack.db' <<<"$(printf '%s\n' "${env[@]}" | grep ^STREAMSTACK_ | paste -sd' ')"

  step "running the image's entrypoint and command"
  container=$("${BUILDAH[@]}" from --pull=never "$IMAGE")
  local uid name
  uid=$("${BUILDAH[@]}" run --isolation chroot --user "$user" "$container" -- id -u)
  name=$("${BUILDAH[@]}" run --isolation chroot --user "$user" "$container" -- id -un)
  check "the image's own /data is writable by its user" "${BUILDAH[@]}" run --isolation chroot \
    --user "$user" "$container" -- sh -c 'touch /data/.probe && rm /data/.probe'
  mkdir -p "$work/data"
  chown "$uid" "$work/data"
  port=$(free_port)
  check "server answers /_streamstack/health" start_server
  sed 's/^/  /' "$work/server.log" | head -20
  check "server prints where it listens" grep -q "streamstack listening on http://127.0.0.1:$port" "$work/server.log"
  check "health names the dynamodb service" \
    python3 -c 'import json, sys; sys.exit("dynamodb" not in json.load(open(sys.argv[1]))["services"])' \
    "$work/health.json"
  local listener_uid
  listener_uid=$(uid_of_listener "$port" || true)
  check "server process runs as the image's user ($user: uid ${listener_uid:-?}, named ${name:-?})" \
    same_user "$listener_uid" "$uid" "$name"
  check "the image's health check passes" run_healthcheck "$port"
  check "the image's health check fails when nothing listens" eval '! run_healthcheck "$(free_port)"'

  step "AWS CLI against the container"
  local item='{"itemKey": {"S": "k1"}, "name": {"S": "from-outside"}, "n": {"N": "42"}}'
  check "create-table" aws_ddb create-table --table-name docker-smoke \
    --attribute-definitions AttributeName=itemKey,AttributeType=S \
    --key-schema AttributeName=itemKey,KeyType=HASH --billing-mode PAY_PER_REQUEST \
    >"$work/create.json"
  check "put-item" aws_ddb put-item --table-name docker-smoke --item "$item"
  aws_ddb get-item --table-name docker-smoke --key '{"itemKey": {"S": "k1"}}' >"$work/get.json" || true
  check "get-item returns the item put" item_is "$work/get.json" "$item"

  step "restart: graceful stop, then the same /data"
  stop_server
  # Asked inside the container: in this sandbox buildah's chroot isolation mounts `-v` sources
  # but writes under them do not reach the host folder, so the host's copy cannot be checked.
  check "the data file is in the /data volume" "${BUILDAH[@]}" run --isolation chroot --user "$user" \
    "$container" -- test -s /data/streamstack.db
  check "server starts again" start_server
  aws_ddb get-item --table-name docker-smoke --key '{"itemKey": {"S": "k1"}}' >"$work/get2.json" || true
  check "the item survived the restart" item_is "$work/get2.json" "$item"
  check "delete-table" aws_ddb delete-table --table-name docker-smoke
  stop_server
}

# Each layer the project adds over debian:bookworm-slim, with the step that made it.
report_layers() {
  step "what the project's layers add to debian:bookworm-slim"
  local base_layers
  base_layers=$("${BUILDAH[@]}" inspect --type image --format '{{len .Docker.RootFS.DiffIDs}}' \
    docker.io/library/debian:bookworm-slim)
  "${BUILDAH[@]}" inspect --type image "$IMAGE" | python3 -c '
import json, sys
base = int(sys.argv[1])
image = json.load(sys.stdin)
sizes = [layer["size"] for layer in json.loads(image["Manifest"])["layers"]]
steps = [h.get("created_by", "") for h in image["Docker"]["history"] if not h.get("empty_layer")]
added = 0
for size, created_by in list(zip(sizes, steps))[base:]:
    added += size
    print("  %8.2f MB  %s" % (size / 1e6, " ".join(created_by.split())[:90]))
print("  %8.2f MB  in all (the base: %.1f MB from debootstrap, about 75 MB published)"
      % (added / 1e6, sum(sizes[:base]) / 1e6))
' "$base_layers"
}

install_tools
make_base_images
[ "${1:-}" != base ] || exit 0   # `docker/test.sh base`: only make the base images
check "image builds" build_image
if [ "$failed" = 0 ]; then
  smoke_test
  report_layers
fi
echo
echo "docker-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
