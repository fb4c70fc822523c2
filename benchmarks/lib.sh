# Sourced by the benchmarks: finds Java, builds Berth when stale, and offers what several of them need.
# Expects SRC to be the source folder.
. "$SRC/scripts/env.sh"
BERTH_SRC=$SRC
berth_find_java
berth_build_if_stale

now_ms() { date +%s%3N; }

# The median of the numbers on standard input, one or more per line.
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Puts the docker CLI that Berth installs into its home first on the PATH (it is there once berth start has run),
# and stops unless busybox-static, from which the benchmark images are built, is installed.
bench_need_docker_and_busybox() {
  [ -z "${BERTH_HOME:-}" ] || export PATH="$BERTH_HOME/bin:$PATH"
  [ -x /bin/busybox ] || berth_die "the benchmark builds its image from busybox-static: sudo apt-get install busybox-static"
}

# Imports image $1, a busybox root file system assembled in folder $2, through the docker command that follows
# (such as docker, or a function wrapping it), unless the engine already has it.
bench_busybox_image() {
  image=$1 root=$2
  shift 2
  "$@" image inspect "$image" >/dev/null 2>&1 && return 0
  bench_busybox_root "$root"
  tar -C "$root" -cf - . | "$@" import - "$image" >/dev/null
}

# Fills folder $1 with a busybox root file system: the static binary, its applet links and the usual folders.
bench_busybox_root() {
  rm -rf "$1" && mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/tmp"
  cp /bin/busybox "$1/bin/busybox"
  for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$1/bin/$applet"; done
}
