#!/bin/sh
# Benchmark: `berth start` until the Docker Engine answers, from a cold boot (no saved state) and resumed from the
# state `berth stop` saved, in one run, N times each; prints both medians and their ratio, the daemon's own part
# (the VM's start until the engine answers, from the daemon log), the first docker command after a resumed start,
# a resume with the daemon left running (`berth vm stop`, then `berth start`), the state file's size and the save
# time; then, once, a stop and start with a container that bind-mounts a shared folder.
# Uses its own BERTH_HOME (benchmarks/target/saved-state-home) and docker config, never ~/.berth or ~/.docker.
# Usage: benchmarks/saved-state.sh [N]      (default 5)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
RUNS=${1:-5}
OUT="$SRC/benchmarks/target"
export BERTH_HOME="$OUT/saved-state-home"
export BERTH_NO_BUILD=1
export DOCKER_CONFIG="$OUT/saved-state-docker-config"
# The dashboard is not measured here: it stays off, so a Berth of the user's own keeps its port.
mkdir -p "$BERTH_HOME" "$DOCKER_CONFIG"
# The folder the container below bind-mounts is shared by name: /tmp is not shared by default.
SHARE="$OUT/saved-state-share"
mkdir -p "$SHARE"
printf '{ "dashboard": { "enabled": false }, "fileSharing": { "shares": ["%s"] } }\n' "$SHARE" > "$BERTH_HOME/settings.json"
STATE="$BERTH_HOME/state/vm"
trap '"$SRC/berth" stop >/dev/null 2>&1 || true' EXIT

# The VM part of the last start, from the daemon log: "the Docker Engine is ready N ms after the VM's start began".
vm_ms() { grep "the Docker Engine is ready" "$BERTH_HOME/logs/daemon.log" | tail -1 | sed 's/.*ready \([0-9]*\) ms.*/\1/'; }
json_field() { sed -n "s/.*\"$1\" : \([0-9]*\).*/\1/p" "$STATE/saved.json"; }

echo "warming up: building the image and booting once"
"$SRC/berth" start >/dev/null
cold=""; coldvm=""; warm=""; warmvm=""; save=""; size=""; stop=""; first=""; daemon=""; daemonvm=""
for i in $(seq "$RUNS"); do
  # cold: stop (saving), then throw the state away
  "$SRC/berth" stop >/dev/null
  rm -f "$STATE/machine.state" "$STATE/saved.json"
  t0=$(now_ms); "$SRC/berth" start >/dev/null; t1=$(now_ms)
  cold="$cold $((t1 - t0))"; coldvm="$coldvm $(vm_ms)"
  # restored: stop saves, start resumes
  t0=$(now_ms); "$SRC/berth" stop >/dev/null; t1=$(now_ms)
  stop="$stop $((t1 - t0))"
  [ -f "$STATE/saved.json" ] || berth_die "berth stop saved no state; see $BERTH_HOME/logs/daemon.log"
  save="$save $(json_field saveMillis)"; size="$size $(json_field stateBytes)"
  t0=$(now_ms); "$SRC/berth" start >/dev/null; t1=$(now_ms)
  docker version --format '{{.Server.Version}}' >/dev/null || berth_die "docker version failed after the resume"
  t2=$(now_ms)
  warm="$warm $((t1 - t0))"; warmvm="$warmvm $(vm_ms)"; first="$first $((t2 - t1))"
  grep "the Docker Engine is ready" "$BERTH_HOME/logs/daemon.log" | tail -1 | grep -q "resumed" \
    || berth_die "the start did not resume the saved state; see berth status"
  # the daemon stays: only the VM is saved, then resumed
  "$SRC/berth" vm stop >/dev/null
  t0=$(now_ms); "$SRC/berth" start >/dev/null; t1=$(now_ms)
  daemon="$daemon $((t1 - t0))"; daemonvm="$daemonvm $(vm_ms)"
  grep "the Docker Engine is ready" "$BERTH_HOME/logs/daemon.log" | tail -1 | grep -q "resumed" \
    || berth_die "berth vm stop saved no state to resume; see berth status"
done
# A container that bind-mounts a shared folder: berth stop stops it so that the state can be saved (before, such a
# container made berth stop shut the VM down, and the next start was a cold boot), and it runs again after the start.
bench_need_docker_and_busybox
IMAGE=berth-bench/busybox:1
bench_busybox_image "$IMAGE" "$OUT/busybox-root" docker
docker rm -f bench-share >/dev/null 2>&1 || true
docker run -d --name bench-share --stop-timeout 1 -v "$SHARE:/x" "$IMAGE" sleep 100000 >/dev/null
until "$SRC/berth" shares | grep -q "watching [1-9]"; do sleep 0.2; done
t0=$(now_ms); "$SRC/berth" stop >/dev/null; t1=$(now_ms)
[ -f "$STATE/saved.json" ] || berth_die "berth stop saved no state with a container on a shared folder; see $BERTH_HOME/logs/daemon.log"
shstop=$((t1 - t0))
t0=$(now_ms); "$SRC/berth" start >/dev/null; t1=$(now_ms)
until [ "$(docker inspect -f '{{.State.Running}}' bench-share)" = true ]; do sleep 0.1; done
t2=$(now_ms)
shstart=$((t1 - t0)); shback=$((t2 - t0))
docker rm -f bench-share >/dev/null

c=$(echo $cold | median); w=$(echo $warm | median); cv=$(echo $coldvm | median); wv=$(echo $warmvm | median)
echo "runs: $RUNS"
echo "berth start -> engine ready, cold boot (baseline)  median ${c} ms   [$cold ]"
echo "berth start -> engine ready, resumed               median ${w} ms   [$warm ]"
echo "  of which the VM's start -> engine ready: cold median ${cv} ms [$coldvm ], resumed median ${wv} ms [$warmvm ]"
echo "  then the first docker version                      median $(echo $first | median) ms   [$first ]"
echo "berth start -> engine ready, resumed, daemon running median $(echo $daemon | median) ms   [$daemon ]"
echo "  of which the VM's start -> engine ready:          median $(echo $daemonvm | median) ms [$daemonvm ]"
echo "berth stop with save                                median $(echo $stop | median) ms   [$stop ]"
echo "save (QEMU migration to the state file)             median $(echo $save | median) ms   [$save ]"
echo "state file size                                     median $(echo $size | median) bytes   [$size ]"
echo "guest memory file: $(du -h --apparent-size "$STATE/memory.img" | cut -f1) apparent, $(du -h "$STATE/memory.img" | cut -f1) on disk"
awk -v c="$c" -v w="$w" 'BEGIN { printf "ratio resumed/cold: %.2f\n", w / c }'
echo "with a container on a shared folder (1 run; it stops for the save, 1 s stop timeout):"
echo "  berth stop with save ${shstop} ms; berth start -> engine ready ${shstart} ms (resumed; the cold boot above is what it was before)"
echo "  berth start -> the container runs again ${shback} ms"
