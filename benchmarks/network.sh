#!/bin/sh
# Benchmark: a container reached through a port published on the host's localhost, beside the same container
# reached from another container inside the VM, in one run: TCP throughput (1 GiB), connect+request latency
# (10,000 small HTTP requests), UDP round trips (10,000) and the time from `docker run -d` returning to the first
# byte through the new forward. Both sides use the same client (netbench.c, built static with gcc).
# Uses its own BERTH_HOME and never touches ~/.berth. Usage: benchmarks/network.sh [REQUESTS]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/benchmarks/lib.sh"
N=${1:-10000}
BYTES=1073741824
export BERTH_HOME=$(mktemp -d /tmp/berth-netbench.XXXXXX)
export DOCKER_CONFIG=$BERTH_HOME/docker-config BERTH_NO_BUILD=1
export DOCKER_HOST=unix://$BERTH_HOME/run/docker.sock
# The dashboard is not measured here: it stays off, so a Berth of the user's own keeps its port.
echo '{ "dashboard": { "enabled": false } }' > "$BERTH_HOME/settings.json"
W=$BERTH_HOME/work
trap '"$SRC/berth" stop >/dev/null 2>&1 || true; rm -rf "$BERTH_HOME"' EXIT
bench_need_docker_and_busybox
bench_busybox_root "$W/root"
mkdir -p "$W/root/var/www"

"$SRC/berth" start >/dev/null
gcc -static -O2 -o "$W/root/bin/netbench" "$SRC/benchmarks/net/netbench.c"
printf 'hello from berth\n' >"$W/root/var/www/index.html"
tar -C "$W/root" --owner=0 --group=0 -cf "$W/image.tar" .
docker import "$W/image.tar" berth-bench/net:1 >/dev/null
docker network create bench >/dev/null

docker run -d --name src --network bench -p 127.0.0.1::9000 berth-bench/net:1 netbench source 9000 $BYTES >/dev/null
docker run -d --name web --network bench -p 127.0.0.1::80 berth-bench/net:1 httpd -f -p 80 -h /var/www >/dev/null
docker run -d --name echo --network bench -p 127.0.0.1::9999/udp berth-bench/net:1 netbench echo 9999 >/dev/null
port() { docker port "$1" "$2" | sed -n 's/^127\.0\.0\.1://p' | head -n 1; }
ip() { docker inspect -f '{{.NetworkSettings.Networks.bench.IPAddress}}' "$1"; }
inside() { docker run --rm --network bench berth-bench/net:1 netbench "$@"; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
sleep 1

host_tcp=$("$W/root/bin/netbench" read 127.0.0.1 "$(port src 9000/tcp)")
vm_tcp=$(inside read "$(ip src)" 9000)
host_rr=$("$W/root/bin/netbench" rr 127.0.0.1 "$(port web 80/tcp)" "$N")
vm_rr=$(inside rr "$(ip web)" 80 "$N")
host_udp=$("$W/root/bin/netbench" udprr 127.0.0.1 "$(port echo 9999/udp)" "$N")
vm_udp=$(inside udprr "$(ip echo)" 9999 "$N")

# First byte through a forward that did not exist before `docker run -d` returned.
docker run -d --name fresh -p 127.0.0.1::80 berth-bench/net:1 httpd -f -p 80 -h /var/www >/dev/null
t0=$(date +%s%N)
fresh=$(port fresh 80/tcp)
until curl -sf -m 1 -o /dev/null "http://127.0.0.1:$fresh/index.html"; do :; done
first_ms=$(( ($(date +%s%N) - t0) / 1000000 ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "Berth network benchmark ($(uname -m), accelerator: $("$SRC/berth" vm | sed -n 's/^accelerator: //p'))"
printf '%-34s %14s %14s %8s\n' "" "published port" "inside the VM" "ratio"
ht=$(echo "$host_tcp" | field MBps); vt=$(echo "$vm_tcp" | field MBps)
printf '%-34s %14s %14s %8s\n' "TCP 1 GiB throughput, MB/s" "$ht" "$vt" "$(ratio "$ht" "$vt")"
for q in p50_us p99_us; do
  h=$(echo "$host_rr" | field $q); v=$(echo "$vm_rr" | field $q)
  printf '%-34s %14s %14s %8s\n' "connect+request latency $q" "$h" "$v" "$(ratio "$h" "$v")"
done
for q in p50_us p99_us; do
  h=$(echo "$host_udp" | field $q); v=$(echo "$vm_udp" | field $q)
  printf '%-34s %14s %14s %8s\n' "UDP round trip $q" "$h" "$v" "$(ratio "$h" "$v")"
done
echo "UDP datagrams lost: published $(echo "$host_udp" | field lost) of $N, inside $(echo "$vm_udp" | field lost) of $N"
echo "first byte through a new forward after docker run -d returned: ${first_ms} ms"
