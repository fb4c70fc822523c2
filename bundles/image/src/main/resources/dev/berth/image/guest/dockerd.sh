#!/bin/sh
# dockerd uses the containerd started by init and listens on its unix socket and, with mutual TLS, on TCP 2376.
# The TLS material and daemon.json come with the per-boot configuration archive.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
i=0
while [ ! -S /run/containerd/containerd.sock ] && [ $i -lt 200 ]; do usleep 50000; i=$((i + 1)); done
T=/etc/docker/tls
if [ ! -f $T/ca.pem ] || [ ! -f $T/server-cert.pem ] || [ ! -f $T/server-key.pem ]; then
  echo "berth: no TLS material in $T; dockerd not started" >>/var/log/dockerd.log
  sleep 10
  exit 1
fi
ulimit -n 1048576
echo "berth: [$(cut -d' ' -f1 /proc/uptime)] exec dockerd" >>/var/log/dockerd.log
exec /usr/sbin/dockerd --containerd=/run/containerd/containerd.sock -H unix:///var/run/docker.sock \
  -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=$T/ca.pem --tlscert=$T/server-cert.pem --tlskey=$T/server-key.pem \
  >>/var/log/dockerd.log 2>&1
