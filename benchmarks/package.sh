#!/bin/sh
# Benchmark: the packaged app beside the source checkout, in one run. Builds the .deb when it is missing or older
# than the build, and measures its size; then, as root, resident.sh on this checkout (the baseline: first docker
# command with the VM idle-paused, the resident daemon's idle CPU and RSS, resident starts); then installs the
# package with apt-get (timed, and its installed size), creates a normal user, times that user's first
# `berth start` (the guest image is built then) from the start of apt-get install until the engine is ready, and
# runs the same resident.sh as that user against the installed /usr/bin/berth. Removes the package and the user.
# Needs root, and no berth package installed (it would not remove the user's). Usage: benchmarks/package.sh [N]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
RUNS=${1:-3}
[ "$(id -u)" = 0 ] || berth_die "the package benchmark installs a package and creates a user: run it as root"
! dpkg -s berth >/dev/null 2>&1 || berth_die "a berth package is installed; remove it first (apt-get remove berth)"
TARGET="$SRC/distribution/target"
DEB=$(ls -t "$TARGET"/berth_*_amd64.deb 2>/dev/null | head -n 1 || true)
if [ -z "$DEB" ] || [ "$TARGET/berth.jar" -nt "$DEB" ]; then
  "$SRC/distribution/deb/build-deb.sh" >/dev/null
  DEB=$(ls -t "$TARGET"/berth_*_amd64.deb | head -n 1)
fi
OUT="$SRC/benchmarks/target"
mkdir -p "$OUT"

echo "== the checkout, as root: benchmarks/resident.sh $RUNS"
BENCH_OUT="$OUT" sh "$SRC/benchmarks/resident.sh" "$RUNS" | tee "$OUT/package-checkout.txt"

BUSER=berthbench$$
cleanup() {
  if id "$BUSER" >/dev/null 2>&1; then
    runuser -u "$BUSER" -- env BERTH_HOME="$UOUT/resident-home" /usr/bin/berth stop >/dev/null 2>&1 || true
    pkill -u "$BUSER" >/dev/null 2>&1 || true
    sleep 1
    userdel -r "$BUSER" >/dev/null 2>&1 || true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get remove -y berth >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM
useradd -m -s /bin/sh "$BUSER"
UHOME=$(getent passwd "$BUSER" | cut -d: -f6)
# the user runs this checkout's scripts from a copy of its own; the berth it measures is the installed one
UBENCH="$UHOME/bench"
UOUT="$UBENCH/target"
mkdir -p "$UBENCH/benchmarks" "$UBENCH/scripts" "$UOUT/resident-home"
cp "$SRC/benchmarks/lib.sh" "$SRC/benchmarks/resident.sh" "$UBENCH/benchmarks/"
cp "$SRC/scripts/env.sh" "$UBENCH/scripts/"
printf '{ "dashboard": { "port": %s }, "vm": { "idlePauseSeconds": 0 } }\n' "$(shuf -i 20000-40000 -n 1)" \
  > "$UOUT/resident-home/settings.json"
chown -R "$BUSER:" "$UBENCH"

t0=$(now_ms)
DEBIAN_FRONTEND=noninteractive apt-get install -y "$DEB" >/dev/null 2>&1 || berth_die "apt-get install $DEB failed"
t1=$(now_ms)
runuser -u "$BUSER" -- env BERTH_HOME="$UOUT/resident-home" DOCKER_CONFIG="$UOUT/resident-docker-config" \
  /usr/bin/berth start >/dev/null || berth_die "the new user's berth start failed; see $UOUT/resident-home/logs"
t2=$(now_ms)
installed=$(dpkg-query -W -f='${Installed-Size}' berth)

echo "== the package, as the new user $BUSER: benchmarks/resident.sh $RUNS with /usr/bin/berth"
runuser -u "$BUSER" -- env JAVA_HOME="$JAVA_HOME" BERTH_NO_BUILD=1 BERTH=/usr/bin/berth BENCH_OUT="$UOUT" \
  sh "$UBENCH/benchmarks/resident.sh" "$RUNS" | tee "$OUT/package-installed.txt"

row() { printf '%-44s %-22s %s\n' "$1" "$2" "$3"; }
pick() { grep "^$2" "$1" | head -n 1 | sed "s/^$2 *//; s/ *\[.*//"; }
echo "== $(basename "$DEB")"
row "" "checkout (root)" "package (new user)"
row "package size" "-" "$(du -k "$DEB" | cut -f1) KiB"
row "installed size" "-" "$installed KiB"
row "apt-get install" "-" "$((t1 - t0)) ms"
row "apt-get install -> engine ready, new user" "-" "$((t2 - t0)) ms"
for line in "docker version, VM awake (baseline)" "first docker version, VM idle-paused" \
    "daemon CPU, VM running and idle (baseline)" "daemon CPU, VM idle-paused" \
    "berth start after berth stop (baseline)" "berth start, daemon resident, VM saved" \
    "berth start, daemon resident, VM idle-paused"; do
  row "$line" "$(pick "$OUT/package-checkout.txt" "$line")" "$(pick "$OUT/package-installed.txt" "$line")"
done
