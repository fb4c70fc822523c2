#!/bin/sh
ulimit -n 1048576
echo "berth: [$(cut -d' ' -f1 /proc/uptime)] exec containerd" >>/var/log/containerd.log
exec /usr/bin/containerd --config /etc/containerd/config.toml >>/var/log/containerd.log 2>&1
