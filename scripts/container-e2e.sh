#!/usr/bin/env bash
# Runs the container-backend tests (packages/testing/test/container) end to end on a machine
# without a Docker engine or a registry: installs docker.io, starts a private dockerd inside a
# network namespace made for the run, builds an image named redis:7 with `docker import` from
# the host's own redis-server and its shared libraries, runs the tests inside the namespace
# (where the mapped ports are), checks that they left no container or network behind, and
# tears everything down on exit. Needs root. The cluster tests run bridge networks of their own
# (no iptables needed: nothing leaves the namespace) and reach the nodes by published ports
# only, as on Docker Desktop, where container IPs cannot be reached from the host.
# Run by .ci/run (as root, or through sudo there), after the rest of the tests.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "container-e2e: needs root (apt-get, ip netns, dockerd)" >&2
  exit 1
fi

if ! command -v dockerd > /dev/null; then
  apt-get install -y --no-install-recommends docker.io
fi
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
REDIS_BIN=$(readlink -f "$(command -v redis-server)")

NS="redquorum-e2e-$$"
WORK=$(mktemp -d /tmp/redquorum-e2e.XXXXXX)
SOCK="$WORK/docker.sock"
DOCKERD_PID=""

cleanup() {
  local status=$?
  set +e
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2> /dev/null; then
    # Containers first (while the engine still answers), then the engine by its PID.
    ids=$(ip netns exec "$NS" "$DOCKER" -H "unix://$SOCK" ps -aq 2> /dev/null)
    [ -n "$ids" ] && ip netns exec "$NS" "$DOCKER" -H "unix://$SOCK" rm -f $ids > /dev/null 2>&1
    kill "$DOCKERD_PID"
    for _ in $(seq 1 100); do
      kill -0 "$DOCKERD_PID" 2> /dev/null || break
      sleep 0.2
    done
    kill -9 "$DOCKERD_PID" 2> /dev/null
    wait "$DOCKERD_PID" 2> /dev/null
  fi
  # Mounts the engine may have left behind (deepest first), then the namespace and the files.
  findmnt -rn -o TARGET | grep "^$WORK" | sort -r | xargs -r -n1 umount -l 2> /dev/null
  ip netns delete "$NS" 2> /dev/null
  rm -rf "$WORK"
  echo "container-e2e: cleaned up (exit $status)"
  exit "$status"
}
trap cleanup EXIT INT TERM

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

# The namespace has only loopback and the engine's own bridge: no iptables rules are needed
# (nothing leaves the namespace); docker-proxy publishes ports on the namespace's addresses.
# dockerd enters the namespace with nsenter, not `ip netns exec`: the latter remounts /sys
# for the namespace, which hides the cgroup mounts dockerd needs ("Devices cgroup isn't
# mounted"). The network namespace is the same one.
nsenter --net="/run/netns/$NS" dockerd \
  --host "unix://$SOCK" \
  --data-root "$WORK/data" \
  --exec-root "$WORK/exec" \
  --pidfile "$WORK/dockerd.pid" \
  --iptables=false --ip6tables=false \
  --storage-driver=vfs \
  > "$WORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!

dock() { ip netns exec "$NS" "$DOCKER" -H "unix://$SOCK" "$@"; }
for i in $(seq 1 150); do
  dock version > /dev/null 2>&1 && break
  if ! kill -0 "$DOCKERD_PID" 2> /dev/null || [ "$i" = 150 ]; then
    echo "container-e2e: dockerd did not come up; log:" >&2
    tail -40 "$WORK/dockerd.log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "container-e2e: dockerd $DOCKERD_PID up in netns $NS"

# redis:7 from the host's redis-server (it picks its mode from argv[0], so it is copied under
# that name) and every library ldd lists.
ROOTFS="$WORK/rootfs"
mkdir -p "$ROOTFS/usr/local/bin" "$ROOTFS/data" "$ROOTFS/tmp"
cp -L "$REDIS_BIN" "$ROOTFS/usr/local/bin/redis-server"
for lib in $(ldd "$REDIS_BIN" | grep -o '/[^ ]*'); do
  cp -L --parents "$lib" "$ROOTFS"
done
tar -C "$ROOTFS" -c . | dock import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'WORKDIR /data' \
  --change 'CMD ["redis-server"]' \
  - redis:7 > /dev/null
echo "container-e2e: image redis:7 imported from $REDIS_BIN"

status=0
ip netns exec "$NS" env \
  DOCKER_HOST="unix://$SOCK" \
  TESTCONTAINERS_RYUK_DISABLED=true \
  REDQUORUM_CONTAINER_TESTS=1 \
  pnpm exec vitest run --project container "$@" || status=$?

# Ryuk is off, so whatever the tests did not remove is still here: every dispose must have
# removed its containers and networks (the engine's own three networks stay).
left=$(dock ps -aq)
networks=$(dock network ls --format '{{.Name}}' | grep -v -x -e bridge -e host -e none || true)
if [ -n "$left" ] || [ -n "$networks" ]; then
  echo "container-e2e: left behind: containers [${left//$'\n'/ }] networks [${networks//$'\n'/ }]" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
