#!/bin/sh
# Benchmark: Berth's resident daemon, as the login start leaves it. With the VM idle-paused, the time from a first
# `docker version` being typed to its answer (the request resumes the VM), beside the same command with the VM
# awake; the daemon's CPU (% of one core over 60 s) and RSS with the VM idle-paused, beside the same with the VM
# running and idle; `berth start` until the engine is ready with a resident daemon and the VM idle-paused, and with a saved VM (`berth vm stop`),
# beside `berth start` after `berth stop` (no daemon, the VM's state saved). N runs of each timing, medians.
# Uses its own BERTH_HOME (benchmarks/target/resident-home) and docker config, never ~/.berth or ~/.docker.
# BERTH names the berth command to measure (default: this checkout's; benchmarks/package.sh passes the installed
# one) and BENCH_OUT the folder for the home (default benchmarks/target).
# Usage: benchmarks/resident.sh [N]      (default 5)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
RUNS=${1:-5}
WINDOW=60
OUT=${BENCH_OUT:-$SRC/benchmarks/target}
BERTH=${BERTH:-$SRC/berth}
export BERTH_HOME="$OUT/resident-home"
export BERTH_NO_BUILD=1
export DOCKER_CONFIG="$OUT/resident-docker-config"
mkdir -p "$BERTH_HOME" "$DOCKER_CONFIG"
# The dashboard belongs to a resident daemon, so it is on (and counted), on a port of its own; the VM is not
# paused until the idle phase.
DASHBOARD=$(shuf -i 20000-40000 -n 1)
printf '{ "dashboard": { "port": %s }, "vm": { "idlePauseSeconds": 0 } }\n' "$DASHBOARD" > "$BERTH_HOME/settings.json"
trap '"$BERTH" stop >/dev/null 2>&1 || true' EXIT
# an interrupted run still stops its Berth
trap 'exit 1' INT TERM
# The docker CLI Berth ships, straight at Berth's socket, as a user's shell with DOCKER_HOST set would run it.
DOCKER="$BERTH_HOME/bin/docker"
export DOCKER_HOST="unix://$BERTH_HOME/run/docker.sock"
TICKS=$(getconf CLK_TCK)

daemon_pid() { cat "$BERTH_HOME/run/berthd.pid"; }
qemu_pid() { cat "$BERTH_HOME/run/vm/qemu.pid"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# "DAEMON% QEMU%": each process's CPU over the window, in % of one core
cpu_window() {
  d0=$(cpu_ticks "$(daemon_pid)"); q0=$(cpu_ticks "$(qemu_pid)")
  sleep "$WINDOW"
  d1=$(cpu_ticks "$(daemon_pid)"); q1=$(cpu_ticks "$(qemu_pid)")
  awk -v d=$((d1 - d0)) -v q=$((q1 - q0)) -v t="$TICKS" -v w="$WINDOW" \
    'BEGIN { printf "%.2f %.2f", 100 * d / t / w, 100 * q / t / w }'
}
paused() { "$BERTH" vm status 2>/dev/null | grep -q "paused"; }
await_pause() {
  i=0
  until paused; do
    i=$((i + 1)); [ $i -lt 300 ] || berth_die "the idle VM was not paused within 60 s; see $BERTH_HOME/logs/daemon.log"
    sleep 0.2
  done
}
first_docker() {
  t0=$(now_ms); "$DOCKER" version --format '{{.Server.Version}}' >/dev/null || berth_die "docker version failed"; t1=$(now_ms)
  echo $((t1 - t0))
}

echo "warming up: building the guest image if needed and starting once"
"$BERTH" start >/dev/null
"$DOCKER" version >/dev/null
for i in 1 2 3; do first_docker >/dev/null; done

# The VM awake: docker version, and the idle daemon's CPU and RSS (the baselines)
awake=""
for i in $(seq "$RUNS"); do awake="$awake $(first_docker)"; done
set -- $(cpu_window); awakecpu=$1 awakeqemu=$2; awakerss=$(rss_mib "$(daemon_pid)")

# The VM idle-paused: the daemon's CPU and RSS, then the first docker version, which resumes it
"$BERTH" settings vm.idlePauseSeconds 5 >/dev/null
await_pause
set -- $(cpu_window); pausedcpu=$1 pausedqemu=$2; pausedrss=$(rss_mib "$(daemon_pid)")
paused || berth_die "the VM woke during the idle window; see $BERTH_HOME/logs/daemon.log"
first=""
for i in $(seq "$RUNS"); do
  await_pause
  first="$first $(first_docker)"
done
# berth start with the daemon resident and the VM idle-paused: it answers once the resumed engine does
pausedstart=""
for i in $(seq "$RUNS"); do
  await_pause
  t0=$(now_ms); "$BERTH" start >/dev/null; t1=$(now_ms)
  pausedstart="$pausedstart $((t1 - t0))"
done
"$BERTH" settings vm.idlePauseSeconds 0 >/dev/null

# berth start with the daemon resident and the VM saved, beside berth start after berth stop
resident=""; cold=""
for i in $(seq "$RUNS"); do
  "$BERTH" vm stop >/dev/null
  t0=$(now_ms); "$BERTH" start >/dev/null; t1=$(now_ms)
  resident="$resident $((t1 - t0))"
  "$BERTH" stop >/dev/null
  t0=$(now_ms); "$BERTH" start >/dev/null; t1=$(now_ms)
  cold="$cold $((t1 - t0))"
done

echo "runs: $RUNS, CPU windows ${WINDOW} s"
echo "docker version, VM awake (baseline)            median $(echo $awake | median) ms   [$awake ]"
echo "first docker version, VM idle-paused           median $(echo $first | median) ms   [$first ]"
echo "daemon CPU, VM running and idle (baseline)     ${awakecpu}% of one core, RSS ${awakerss} MiB (QEMU ${awakeqemu}%)"
echo "daemon CPU, VM idle-paused                     ${pausedcpu}% of one core, RSS ${pausedrss} MiB (QEMU ${pausedqemu}%)"
echo "berth start after berth stop (baseline)        median $(echo $cold | median) ms   [$cold ]"
echo "berth start, daemon resident, VM saved         median $(echo $resident | median) ms   [$resident ]"
echo "berth start, daemon resident, VM idle-paused   median $(echo $pausedstart | median) ms   [$pausedstart ]"
