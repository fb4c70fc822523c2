#!/bin/sh
# Benchmark: a shared host folder (virtiofs) beside the VM's own disk (a Docker volume on the ext4 data disk), in
# one container, one run: sequential write and read of a 1 GiB file, 10,000 small files created, stat-ed and
# deleted, and a find over a tree of 50,000 files. Caches are dropped in the guest before each step. Prints both
# and their ratio. Uses its own BERTH_HOME (benchmarks/target/file-sharing-home) whose only share is a fresh
# folder under benchmarks/target, and never touches ~/.berth.
# Usage: benchmarks/file-sharing.sh [MIB] [FILES] [TREE_FILES]        (defaults: 1024 10000 50000)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
MIB=${1:-1024}
FILES=${2:-10000}
TREE=${3:-50000}
bench_need_docker_and_busybox

export BERTH_HOME="$SRC/benchmarks/target/file-sharing-home"
export BERTH_NO_BUILD=1
mkdir -p "$BERTH_HOME"
SHARE=$(mktemp -d "$SRC/benchmarks/target/file-sharing.XXXXXX")
# The dashboard is not measured here: it stays off, so a Berth of the user's own keeps its port.
printf '{ "fileSharing": { "shares": ["%s"] }, "dashboard": { "enabled": false } }\n' "$SHARE" > "$BERTH_HOME/settings.json"
started=""
if ! "$SRC/berth" status >/dev/null 2>&1; then started=1; fi
cleanup() {
  rm -rf "$SHARE" "$SRC/benchmarks/target/busybox-rootfs"
  [ -n "${DOCKER_OK:-}" ] && dk volume rm -f berth-bench >/dev/null 2>&1
  [ -n "$started" ] && "$SRC/berth" stop >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
"$SRC/berth" start >/dev/null

# The Docker API socket when the engine serves it, else dockerd's mutual-TLS port in the VM.
dk() {
  if docker -H "unix://$BERTH_HOME/run/docker.sock" version >/dev/null 2>&1; then
    docker -H "unix://$BERTH_HOME/run/docker.sock" "$@"
  else
    port=$(sed -n 's/.*"dockerPort" *: *\([0-9]*\).*/\1/p' "$BERTH_HOME/run/vm/machine.json")
    tls="$BERTH_HOME/state/engine-tls"
    docker --tlsverify --tlscacert="$tls/ca.pem" --tlscert="$tls/cert.pem" --tlskey="$tls/key.pem" \
      -H "tcp://127.0.0.1:$port" "$@"
  fi
}
i=0
until dk version >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 60 ] || berth_die "the Docker Engine in the VM does not answer"; sleep 1
done
DOCKER_OK=1
# The share is mounted once the VM runs: wait until berth says so.
i=0
until "$SRC/berth" shares 2>/dev/null | grep -q "$SHARE .* mounted"; do
  i=$((i + 1)); [ $i -lt 60 ] || berth_die "$SHARE was not mounted in the VM: $("$SRC/berth" shares 2>&1)"; sleep 1
done

IMAGE=berth-bench/busybox:1
bench_busybox_image "$IMAGE" "$SRC/benchmarks/target/busybox-rootfs" dk

# Runs in the container: prints "STEP DIR CENTISECONDS" for each step and folder, timed by the guest's clock.
BODY='
mib=$1; files=$2; tree=$3; shift 3
now() { read up _ </proc/uptime; echo "${up%.*}${up#*.}"; }
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
for d in "$@"; do
  w=$d/bench; rm -rf "$w"; mkdir -p "$w/small" "$w/tree"
  drop; t0=$(now); dd if=/dev/zero of="$w/big" bs=1M count="$mib" conv=fsync 2>/dev/null; echo "write $d $(($(now) - t0))"
  drop; t0=$(now); dd if="$w/big" of=/dev/null bs=1M 2>/dev/null; echo "read $d $(($(now) - t0))"
  rm -f "$w/big"; cd "$w/small"
  drop; t0=$(now); i=0; while [ $i -lt "$files" ]; do echo x >f$i; i=$((i + 1)); done; echo "create $d $(($(now) - t0))"
  drop; t0=$(now); ls -l >/dev/null; echo "stat $d $(($(now) - t0))"
  cd /; drop; t0=$(now); rm -rf "$w/small"; echo "delete $d $(($(now) - t0))"
  cd "$w/tree"; j=0
  while [ $j -lt $((tree / 1000)) ]; do mkdir d$j; i=0; while [ $i -lt 1000 ]; do : >d$j/f$i; i=$((i + 1)); done; j=$((j + 1)); done
  cd /; drop; t0=$(now); n=$(find "$w/tree" -type f | wc -l); echo "find $d $(($(now) - t0)) $n"
  rm -rf "$w"
done'
echo "Berth file-sharing benchmark: $MIB MiB file, $FILES small files, find over $TREE files"
"$SRC/berth" status 2>/dev/null | grep -E '^(vm|filesharing) ' | cut -c1-120
OUT=$(dk run --rm --privileged -v "$SHARE:/share" -v berth-bench:/disk "$IMAGE" sh -c "$BODY" sh \
  "$MIB" "$FILES" "$TREE" /share /disk)
echo "$OUT" | awk -v mib="$MIB" -v files="$FILES" -v tree="$TREE" '
  { t[$1, $2] = $3 / 100; if ($1 == "find") n[$2] = $4 }
  END {
    printf "%-34s %14s %14s   %s\n", "", "share", "VM disk", "share vs VM disk"
    split("write read", big, " ")
    for (k = 1; k <= 2; k++) {
      s = t[big[k], "/share"]; d = t[big[k], "/disk"]
      printf "%-34s %8.1f MB/s %8.1f MB/s   %.0f%% of the disk throughput\n", "sequential " big[k] " of " mib " MiB",
        mib * 1.048576 / s, mib * 1.048576 / d, 100 * d / s
    }
    split("create stat delete", ops, " ")
    for (k = 1; k <= 3; k++) {
      s = t[ops[k], "/share"]; d = t[ops[k], "/disk"]
      printf "%-34s %12.2f s %12.2f s   %.1fx the disk time\n", ops[k] " " files " small files", s, d, s / d
    }
    s = t["find", "/share"]; d = t["find", "/disk"]
    printf "%-34s %12.2f s %12.2f s   %.1fx the disk time (found %d and %d)\n", "find over " tree " files", s, d, s / d,
      n["/share"], n["/disk"]
  }'
