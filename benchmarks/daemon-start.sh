#!/bin/sh
# Benchmark: `berth start` until the daemon answers, beside `java -version` as the baseline, median of N runs.
# Uses its own BERTH_HOME and never touches ~/.berth. Run from anywhere: benchmarks/daemon-start.sh [N]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
RUNS=${1:-5}
export BERTH_HOME=$(mktemp -d /tmp/berth-bench.XXXXXX)
export BERTH_NO_BUILD=1
# Only the daemon is measured (start --no-vm starts no VM), with its default settings.
mkdir -p "$BERTH_HOME"
trap '"$SRC/berth" stop >/dev/null 2>&1 || true; rm -rf "$BERTH_HOME"' EXIT


base=""; start=""
for i in $(seq "$RUNS"); do
  t0=$(now_ms); "$JAVA_HOME/bin/java" -version >/dev/null 2>&1; t1=$(now_ms)
  base="$base $((t1 - t0))"
  t0=$(now_ms); "$SRC/berth" start --no-vm >/dev/null; t1=$(now_ms)
  start="$start $((t1 - t0))"
  "$SRC/berth" stop >/dev/null
done
b=$(echo $base | tr ' ' '\n' | median); s=$(echo $start | tr ' ' '\n' | median)
echo "runs: $RUNS"
echo "java -version (baseline)      median ${b} ms   [$base ]"
echo "berth start -> daemon answers median ${s} ms   [$start ]"
awk -v s="$s" -v b="$b" 'BEGIN { printf "ratio start/baseline: %.1fx\n", s / b }'
