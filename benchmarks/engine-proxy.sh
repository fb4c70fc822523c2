#!/bin/sh
# Benchmark: Berth's Docker API socket (the engine proxy) against dockerd's own mutual-TLS endpoint in the VM, in
# one run: REQUESTS `_ping` and REQUESTS `GET /containers/json` from one client and from CLIENTS concurrent clients
# (keep-alive connections, the same hand-written HTTP/1.1 code on both paths), 200 `_ping` on a new connection
# each, and a `docker cp` of a MIB MiB file into and out of a container with the real docker CLI on both paths.
# Prints p50/p99 latency, throughput and the ratio proxy/direct for each. Uses its own BERTH_HOME
# (benchmarks/target/engine-proxy-home) and docker config, never ~/.berth or ~/.docker; stops the Berth it started.
# Usage: benchmarks/engine-proxy.sh [MIB] [REQUESTS] [CLIENTS] [CP_ROUNDS]      (defaults: 1024 1000 50 1)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
MIB=${1:-1024}
REQUESTS=${2:-1000}
CLIENTS=${3:-50}
ROUNDS=${4:-1}

OUT="$SRC/benchmarks/target"
export BERTH_HOME="$OUT/engine-proxy-home"
export BERTH_NO_BUILD=1
bench_need_docker_and_busybox
# berth start installs a docker context in DOCKER_CONFIG: keep it away from the user's ~/.docker
export DOCKER_CONFIG="$OUT/engine-proxy-docker-config"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
# The dashboard is not measured here: it stays off, so a Berth of the user's own keeps its port.
mkdir -p "$BERTH_HOME" "$DOCKER_CONFIG"
[ -f "$BERTH_HOME/settings.json" ] || echo '{ "dashboard": { "enabled": false } }' > "$BERTH_HOME/settings.json"
FILE="$OUT/engine-proxy-$MIB.bin"
CONTAINER=berth-bench-engine
started=""
if ! "$SRC/berth" status >/dev/null 2>&1; then started=1; fi
cleanup() {
  rm -f "$FILE" "$FILE.out"
  rm -rf "$OUT/engine-proxy-rootfs"
  [ -n "${DOCKER_OK:-}" ] && dk rm -f "$CONTAINER" >/dev/null 2>&1
  [ -n "$started" ] && "$SRC/berth" stop >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$SRC/berth" start >/dev/null

dk() { docker -H "unix://$BERTH_HOME/run/docker.sock" "$@"; }
i=0
until dk version >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 60 ] || berth_die "the Docker Engine does not answer on $BERTH_HOME/run/docker.sock"; sleep 1
done
DOCKER_OK=1

IMAGE=berth-bench/busybox:1
bench_busybox_image "$IMAGE" "$OUT/engine-proxy-rootfs" dk
dk rm -f "$CONTAINER" >/dev/null 2>&1 || true
dk run -d --name "$CONTAINER" "$IMAGE" sleep 1000000 >/dev/null
head -c "$((MIB * 1048576))" /dev/urandom > "$FILE"

echo "host: $(nproc) CPUs, $(uname -r); VM: $("$SRC/berth" status 2>/dev/null | sed -n 's/^vm  *running  *//p')"
"$JAVA_HOME/bin/java" "$SRC/benchmarks/src/EngineProxyBench.java" "$BERTH_HOME/run/docker.sock" "$BERTH_HOME/run/vm/machine.json" \
  "$BERTH_HOME/state/engine-tls" "$CONTAINER" "$FILE" "$DOCKER_CONFIG" "$REQUESTS" "$CLIENTS" "$ROUNDS"
