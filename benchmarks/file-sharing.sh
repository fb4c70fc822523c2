#!/bin/sh
# Benchmark: a shared host folder served by Berth's own file server, beside the same folder served by QEMU 7.2's C
# virtiofsd (only when run as root, which that daemon needs) and beside the VM's own disk (a Docker volume on the
# ext4 data disk), in one run: sequential write and read of a large file (guest to host and host to guest), 10,000
# small files created, stat-ed and deleted, a find over a tree of 50,000 files, and how long a host change takes to
# reach a container's inotify (p50 and p99 of N appends to a watched file, IN_CLOSE_WRITE seen through the
# container's output; with Berth's server also N new files, IN_CREATE). Caches are dropped in the guest before each
# step. Prints the figures and the ratios to the C virtiofsd and to the VM's disk.
# Uses its own BERTH_HOME and DOCKER_CONFIG in a temporary folder whose only share is a fresh folder in it, the
# docker CLI Berth installs there, and never touches ~/.berth or ~/.docker.
# Usage: benchmarks/file-sharing.sh [MIB] [FILES] [TREE_FILES] [EVENTS]     (defaults: 1024 10000 50000 100)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
MIB=${1:-1024}
FILES=${2:-10000}
TREE=${3:-50000}
EVENTS=${4:-100}
[ -x /bin/busybox ] || berth_die "the benchmark builds its image from busybox-static: sudo apt-get install busybox-static"
command -v gcc >/dev/null || berth_die "the benchmark compiles its inotify watcher: sudo apt-get install gcc libc6-dev"
export BERTH_NO_BUILD=1
DIR=$(mktemp -d /tmp/berth-file-sharing.XXXXXX)
export BERTH_HOME="$DIR/home" DOCKER_CONFIG="$DIR/docker-config"
SHARE="$DIR/share"
mkdir -p "$BERTH_HOME" "$DOCKER_CONFIG" "$SHARE"
# The dashboard is not measured: it stays off, so a Berth of the user's own keeps its port.
settings() {
  printf '{ "fileSharing": { "shares": ["%s"] }, "qemu": { "fileServer": "%s" }, "dashboard": { "enabled": false } }\n' \
    "$SHARE" "$1" > "$BERTH_HOME/settings.json"
}
settings berth
dk() { "$BERTH_HOME/bin/docker" "$@"; }
cleanup() {
  dk rm -f berth-bench-events >/dev/null 2>&1 || true
  "$SRC/berth" stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$SRC/berth" start >"$DIR/start.log" 2>&1 || { cat "$DIR/start.log"; berth_die "berth start failed"; }

# Waits until berth says the share is mounted in the VM.
await_share() {
  i=0
  until "$SRC/berth" shares 2>/dev/null | grep -q "$SHARE .* mounted"; do
    i=$((i + 1)); [ $i -lt 120 ] || berth_die "$SHARE was not mounted in the VM: $("$SRC/berth" shares 2>&1)"; sleep 1
  done
}
await_share

IMAGE=berth-bench/busybox:1
WATCH=berth-bench/inotify-watch:1
bench_busybox_image "$IMAGE" "$DIR/busybox-rootfs" dk
mkdir -p "$DIR/watch"
gcc -static -O2 -o "$DIR/watch/inotify-watch" "$SRC/e2e/src/test/resources/images/inotify-watch.c"
printf 'FROM %s\nCOPY inotify-watch /bin/inotify-watch\n' "$IMAGE" > "$DIR/watch/Dockerfile"
dk build -q -t "$WATCH" "$DIR/watch" >/dev/null

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
  cd /; drop; t0=$(now); rm -rf "$w/small" 2>/dev/null; echo "delete $d $(($(now) - t0))"
  cd "$w/tree"; j=0
  while [ $j -lt $((tree / 1000)) ]; do mkdir d$j; i=0; while [ $i -lt 1000 ]; do : >d$j/f$i; i=$((i + 1)); done; j=$((j + 1)); done
  cd /; drop; t0=$(now); n=$(find "$w/tree" -type f | wc -l); echo "find $d $(($(now) - t0)) $n"
  # with the C virtiofsd, replayed creates can bring back files just removed: it knows no announcements
  rm -rf "$w" 2>/dev/null || true
done'

# Prints "events KIND SERVER P50 P99" (milliseconds): N host changes of KIND (append or create) in the share,
# each timed from the host's write until the container's watcher has printed the event.
events() {
  kind=$1 server=$2 log="$DIR/events.log"
  rm -rf "$SHARE/ev" && mkdir -p "$SHARE/ev" && : > "$SHARE/ev/f"
  dk rm -f berth-bench-events >/dev/null 2>&1 || true
  dk run --rm --name berth-bench-events -v "$SHARE:$SHARE" "$WATCH" inotify-watch "$SHARE/ev" > "$log" 2>&1 &
  i=0
  until grep -q WATCHING "$log" 2>/dev/null; do i=$((i + 1)); [ $i -lt 600 ] || berth_die "the watcher did not start"; sleep 0.1; done
  # The host watches a folder once the guest reports that a container mounts it (within about a second).
  sleep 3
  rm -f "$DIR/lat"
  n=0
  while [ $n -lt "$EVENTS" ]; do
    if [ "$kind" = append ]; then pattern="CLOSE_WRITE $SHARE/ev/f\$"; else pattern="CREATE $SHARE/ev/n$n\$"; fi
    before=$(grep -c "$pattern" "$log" || true)
    t0=$(now_ms)
    if [ "$kind" = append ]; then echo x >> "$SHARE/ev/f"; else echo x > "$SHARE/ev/n$n"; fi
    waited=0
    while [ "$(grep -c "$pattern" "$log" || true)" -le "$before" ]; do
      sleep 0.005; waited=$((waited + 1))
      [ $waited -lt 2000 ] || { echo "events $kind $server lost"; break; }
    done
    echo $(( $(now_ms) - t0 )) >> "$DIR/lat"
    sleep 0.3
    n=$((n + 1))
  done
  dk rm -f berth-bench-events >/dev/null 2>&1 || true
  sort -n "$DIR/lat" | awk -v k="$kind" -v s="$server" '{ a[NR] = $1 }
    END { p50 = a[int((NR + 1) * 0.5)]; p99 = a[int(NR * 0.99 + 0.5)]; if (p99 == "") p99 = a[NR]
          print "events", k, s, p50, p99 }'
}

echo "Berth file-sharing benchmark: $MIB MiB file, $FILES small files, find over $TREE files, $EVENTS events"
"$SRC/berth" status 2>/dev/null | grep -E '^(vm|filesharing) ' | cut -c1-120
RESULTS="$DIR/results"
dk run --rm --privileged -v "$SHARE:/berth" -v berth-bench:/disk "$IMAGE" sh -c "$BODY" sh \
  "$MIB" "$FILES" "$TREE" /berth /disk > "$RESULTS"
events append berth >> "$RESULTS"
events create berth >> "$RESULTS"
if [ "$(id -u)" = 0 ] && [ -x /usr/lib/qemu/virtiofsd ]; then
  # Folders shared at the VM's start use the server the settings name then.
  settings virtiofsd
  "$SRC/berth" vm restart > "$DIR/restart.log" 2>&1 || { cat "$DIR/restart.log"; berth_die "berth vm restart failed"; }
  await_share
  dk run --rm --privileged -v "$SHARE:/virtiofsd" "$IMAGE" sh -c "$BODY" sh "$MIB" "$FILES" "$TREE" /virtiofsd >> "$RESULTS"
  events append virtiofsd >> "$RESULTS"
else
  echo "(QEMU's C virtiofsd is measured only as root, which it needs)"
fi
dk volume rm -f berth-bench >/dev/null 2>&1 || true
awk -v mib="$MIB" -v files="$FILES" -v tree="$TREE" '
  $1 == "events" { e[$2, $3] = $4 " / " $5 " ms"; next }
  { t[$1, $2] = $3 / 100; if ($1 == "find") n[$2] = $4 }
  function col(v, unit) { return v == "" ? sprintf("%14s", "-") : sprintf("%10.2f %-3s", v, unit) }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "   -" : sprintf("%5.2fx", a / b) }
  END {
    printf "%-30s %14s %14s %14s   %-9s %s\n", "", "Berth server", "C virtiofsd", "VM disk", "vs C", "vs disk"
    split("write read", big, " ")
    for (k = 1; k <= 2; k++) {
      b = t[big[k], "/berth"]; c = t[big[k], "/virtiofsd"]; d = t[big[k], "/disk"]
      tb = mib * 1.048576 / b; tc = c == "" ? "" : mib * 1.048576 / c; td = mib * 1.048576 / d
      printf "%-30s %s %s %s   %-9s %s  (throughput, higher is better)\n", "sequential " big[k] " " mib " MiB",
        col(tb, "MB/s"), col(tc, "MB/s"), col(td, "MB/s"), ratio(tb, tc), ratio(tb, td)
    }
    split("create stat delete find", ops, " ")
    for (k = 1; k <= 4; k++) {
      b = t[ops[k], "/berth"]; c = t[ops[k], "/virtiofsd"]; d = t[ops[k], "/disk"]
      label = ops[k] == "find" ? "find over " tree " files" : ops[k] " " files " small files"
      printf "%-30s %s %s %s   %-9s %s  (time, lower is better)\n", label, col(b, "s"), col(c, "s"), col(d, "s"),
        ratio(b, c), ratio(b, d)
    }
    printf "%-30s %14s %14s %14s\n", "event latency p50 / p99", e["append", "berth"],
      (e["append", "virtiofsd"] == "" ? "-" : e["append", "virtiofsd"]), "-"
    printf "%-30s %14s %14s %14s   (IN_CREATE: Berth server only)\n", "create event p50 / p99", e["create", "berth"], "-", "-"
  }' "$RESULTS"
