#!/bin/sh
# Runs benchmarks on Berth as it was at an earlier commit and as it is now, in one run, so that a change can show
# it cost nothing: the earlier tree is exported from git into /tmp/berth-base-UID-REV, private to the user (a short
# path: older builds put sockets under their home, and a Unix socket's path has at most 107 bytes), built there with
# `mvn package` (the local Maven repository is left alone), and given this tree's benchmark scripts; each benchmark
# then runs on the earlier build and on this one, one after the other, and both outputs are printed together.
# Usage: benchmarks/compare.sh REV 'BENCHMARK [ARGS]'...
#   e.g. benchmarks/compare.sh 0fa3f22 'saved-state.sh 3' 'engine-proxy.sh 256 1000 50' 'network.sh 2000'
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
[ $# -ge 2 ] || berth_die "usage: benchmarks/compare.sh REV 'BENCHMARK [ARGS]'..."
REV=$(git -C "$SRC" rev-parse --short "$1") || berth_die "no commit $1 in $SRC"
shift
OUT="$SRC/benchmarks/target"
mkdir -p "$OUT"
BASE="/tmp/berth-base-$(id -u)-$REV"
if [ ! -f "$BASE/distribution/target/.built" ]; then
  echo "building Berth at $REV in $BASE"
  rm -rf "$BASE" && mkdir -m 700 "$BASE"
  git -C "$SRC" archive "$REV" | tar -x -C "$BASE"
  (cd "$BASE" && mvn -q -B -Dstyle.color=never -DskipTests package >&2) || berth_die "the build of $REV failed"
  touch "$BASE/distribution/target/.built"
fi
# the same scripts on both builds, so that only Berth differs
rm -rf "$BASE/benchmarks" && mkdir -p "$BASE/benchmarks"
(cd "$SRC/benchmarks" && tar --exclude=./target -cf - .) | tar -x -C "$BASE/benchmarks"
HEAD=$(git -C "$SRC" rev-parse --short HEAD)$(git -C "$SRC" diff --quiet HEAD -- . ':!benchmarks' || echo '+changes')
for bench in "$@"; do
  name=${bench%% *}
  for side in base head; do
    tree=$SRC; label=$HEAD
    [ $side = base ] && tree=$BASE && label=$REV
    echo "== $bench on $label"
    # shellcheck disable=SC2086
    sh "$tree/benchmarks/$name" ${bench#"$name"} > "$OUT/compare-${name%.sh}-$side.txt" 2>&1 \
      || echo "exit $? (the output above says why)" >> "$OUT/compare-${name%.sh}-$side.txt"
    cat "$OUT/compare-${name%.sh}-$side.txt"
  done
done
echo "== summary: each benchmark's last lines on $REV, then on $HEAD"
for bench in "$@"; do
  name=${bench%% *}
  for side in base head; do
    echo "-- $name, $side"
    tail -n 12 "$OUT/compare-${name%.sh}-$side.txt"
  done
done
