#!/bin/sh
# Benchmark: the guest of today (Debian testing: Docker Engine 28, containerd 2, its kernel) beside the Debian 12
# guest it replaced (Engine 20.10, containerd 1.6, kernel 6.1; benchmarks/guests/bookworm.yaml), in one run and
# interleaved round by round: the VM's start until the engine answers, from a cold boot and resumed from the state
# `berth stop` saved (as the daemon log tells it, and the whole `berth start`), `docker run --rm` of a small image
# built offline, and the guest image's size (system.img + initrd.img + vmlinuz). Prints each figure for both and
# the ratio 28/20.10. The image builds happen in a warm-up that is not counted.
# Each guest has its own BERTH_HOME and DOCKER_CONFIG in a temporary folder, never ~/.berth or ~/.docker; the
# 20.10 guest is the bundled guest files with bookworm.yaml and bookworm.lock beside them, chosen with vm.spec.
# Both use the docker CLI Berth installs into the 28 guest's home: Debian 12 has no docker-cli package to
# install from, and CLI 28 negotiates the API down to 20.10's.
# Usage: benchmarks/engine-versions.sh [N]      (default 3 rounds; each: cold boot, 3 docker runs, resume)
# BENCH_DIR=folder keeps the homes there, and a later run with the same folder reuses their images.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
RUNS=${1:-3}
DOCKER_RUNS=3
export BERTH_NO_BUILD=1
bench_need_docker_and_busybox
if [ -n "${BENCH_DIR:-}" ]; then DIR=$BENCH_DIR; KEEP=1; else DIR=$(mktemp -d /tmp/berth-engines.XXXXXX); KEEP=0; fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
IMAGE=berth-bench/busybox:1
GUESTS="e28 e20"

# Makes guest $1 (e28 or e20) the one the berth and docker commands below act on.
use() { export BERTH_HOME="$DIR/$1/home" DOCKER_CONFIG="$DIR/$1/docker-config"; }
dk() { "$BERTH_HOME/bin/docker" "$@"; }
berth() { "$SRC/berth" "$@"; }
cleanup() {
  for g in $GUESTS; do use "$g"; [ -d "$BERTH_HOME" ] && berth stop >/dev/null 2>&1 || true; done
  [ "$KEEP" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The VM part of the last start, from the daemon log: "the Docker Engine is ready N ms after the VM's start began".
vm_ms() { grep "the Docker Engine is ready" "$BERTH_HOME/logs/daemon.log" | tail -1 | sed 's/.*ready \([0-9]*\) ms.*/\1/'; }
last_boot_resumed() { grep "the Docker Engine is ready" "$BERTH_HOME/logs/daemon.log" | tail -1 | grep -q "resumed"; }

# The 20.10 guest: the guest files of the image bundle with the Debian 12 spec and lock (the bundles add portd and
# the file-event agent to it as they do to the built-in spec).
JAR=$(ls "$SRC"/bundles/image/target/berth.image-*.jar | grep -v -e sources -e tests | head -1)
[ -f "$JAR" ] || berth_die "no image bundle jar in bundles/image/target: build Berth first"
SPEC="$DIR/e20/spec"
rm -rf "$SPEC" "$DIR/e20/jar" && mkdir -p "$SPEC" "$DIR/e20/jar"
(cd "$DIR/e20/jar" && "$JAVA_HOME/bin/jar" xf "$JAR" dev/berth/image/guest)
cp "$DIR"/e20/jar/dev/berth/image/guest/* "$SPEC/" && rm -rf "$DIR/e20/jar" "$SPEC"/berth-guest.*
cp "$SRC/benchmarks/guests/bookworm.yaml" "$SRC/benchmarks/guests/bookworm.lock" "$SPEC/"
for g in $GUESTS; do
  use "$g"
  mkdir -p "$BERTH_HOME" "$DOCKER_CONFIG"
  # The dashboard is not measured: it stays off, so a Berth of the user's own keeps its port.
  if [ "$g" = e20 ]; then spec="\"vm\": { \"spec\": \"$SPEC/bookworm.yaml\" }, "; else spec=""; fi
  echo "{ $spec\"dashboard\": { \"enabled\": false } }" > "$BERTH_HOME/settings.json"
done

# Appends value $2 to the figures named $1 of the current guest; fig prints them on one line.
rec() { echo "$2" >> "$DIR/$G/fig-$1"; }
fig() { tr '\n' ' ' < "$DIR/$1/fig-$2"; }
mb() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 1048576 }'; }

echo "warming up: building each guest's image (not counted), booting it once, importing $IMAGE"
for G in $GUESTS; do
  use "$G"
  rm -f "$DIR/$G"/fig-*
  if [ "$G" = e20 ] && [ ! -x "$BERTH_HOME/bin/docker" ]; then
    # The CLI and plugins (with bin/tools.tsv, which tells the daemon they are the locked versions) from the 28 home.
    cp -a "$DIR/e28/home/bin" "$DIR/e28/home/cli-plugins" "$BERTH_HOME/"
  fi
  t0=$(now_ms)
  # On a fresh home the image build and the host tools' installation may both update the same apt state at once,
  # and one finds apt's lock taken: a second start goes on with what the first fetched.
  berth start >"$DIR/$G/warmup.log" 2>&1 || berth start >>"$DIR/$G/warmup.log" 2>&1 \
    || { cat "$DIR/$G/warmup.log"; berth_die "berth start failed for $G (see $BERTH_HOME/logs)"; }
  echo "  $G: ready after $(( ($(now_ms) - t0) / 1000 )) s"
  [ -x "$BERTH_HOME/bin/docker" ] || berth_die "no docker CLI in $BERTH_HOME/bin after berth start"
  bench_busybox_image "$IMAGE" "$DIR/busybox-root" dk
  dk run --rm "$IMAGE" true
  {
    echo "Engine $(dk version --format '{{.Server.Version}}')," \
      "containerd $(dk version --format '{{range .Server.Components}}{{if eq .Name "containerd"}}{{.Version}}{{end}}{{end}}')," \
      "kernel $(dk info --format '{{.KernelVersion}}')"
  } > "$DIR/$G/versions"
  # system.img + initrd.img + vmlinuz of the image this home built
  img=$(dirname "$(ls "$BERTH_HOME"/images/*/manifest.json | head -1)")
  stat -c '%s' "$img/system.img" "$img/initrd.img" "$img/vmlinuz" | awk '{ s += $1 } END { print s }' > "$DIR/$G/size"
  for f in system.img initrd.img vmlinuz; do printf '%s %s MB  ' "$f" "$(mb "$(stat -c %s "$img/$f")")"; done > "$DIR/$G/parts"
  berth stop >/dev/null
done

for i in $(seq "$RUNS"); do
  # alternate which guest goes first, so that a slow spell of the machine falls on both
  if [ $((i % 2)) = 1 ]; then order="e28 e20"; else order="e20 e28"; fi
  for G in $order; do
    use "$G"
    STATE="$BERTH_HOME/state/vm"
    # cold: the saved state is thrown away
    rm -f "$STATE/machine.state" "$STATE/saved.json"
    t0=$(now_ms); berth start >/dev/null; t1=$(now_ms)
    if last_boot_resumed; then berth_die "$G: the cold start resumed a saved state"; fi
    rec cold $((t1 - t0)); rec coldvm "$(vm_ms)"
    dk run --rm "$IMAGE" true   # the first run after a boot pages the runtime in: not counted
    for j in $(seq "$DOCKER_RUNS"); do
      t0=$(now_ms); dk run --rm "$IMAGE" echo hello >/dev/null; t1=$(now_ms)
      rec run $((t1 - t0))
    done
    # resumed: stop saves, start resumes
    berth stop >/dev/null
    [ -f "$STATE/saved.json" ] || berth_die "$G: berth stop saved no state; see $BERTH_HOME/logs/daemon.log"
    t0=$(now_ms); berth start >/dev/null; t1=$(now_ms)
    last_boot_resumed || berth_die "$G: the start did not resume the saved state; see $BERTH_HOME/logs/daemon.log"
    rec warm $((t1 - t0)); rec warmvm "$(vm_ms)"
    dk version --format '{{.Server.Version}}' >/dev/null || berth_die "$G: docker version failed after the resume"
    berth stop >/dev/null
  done
  echo "round $i of $RUNS done"
done

# label, value for 28, value for 20.10, unit; prints them and the ratio 28/20.10
row() {
  awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" \
    'BEGIN { printf "%-42s %9s %-3s %9s %-3s %8.2f\n", l, a, u, b, u, (b > 0 ? a / b : 0) }'
}
# label, figures' name, unit: the medians, then every value
line() {
  row "$1" "$(fig e28 "$2" | median)" "$(fig e20 "$2" | median)" "$3"
  echo "      28: [ $(fig e28 "$2")]  20.10: [ $(fig e20 "$2")]"
}
echo
echo "28    = $(cat "$DIR/e28/versions") (Debian testing, the built-in spec)"
echo "20.10 = $(cat "$DIR/e20/versions") (benchmarks/guests/bookworm.yaml)"
echo "rounds: $RUNS, the guests interleaved; docker run: $DOCKER_RUNS timed runs a round after an untimed one; medians"
printf "%-42s %13s %13s %8s\n" "" "28" "20.10" "28/20.10"
line "VM start -> engine ready, cold boot" coldvm ms
line "VM start -> engine ready, resumed" warmvm ms
line "berth start (whole), cold boot" cold ms
line "berth start (whole), resumed" warm ms
line "docker run --rm (busybox echo hello)" run ms
row "image size (system + initrd + vmlinuz)" "$(mb "$(cat "$DIR/e28/size")")" "$(mb "$(cat "$DIR/e20/size")")" MB
echo "      28: $(cat "$DIR/e28/parts")"
echo "      20.10: $(cat "$DIR/e20/parts")"
if [ "$KEEP" = 1 ]; then echo "homes kept in $DIR (console logs: e28/home/logs/console.log, e20/home/logs/console.log)"; fi
