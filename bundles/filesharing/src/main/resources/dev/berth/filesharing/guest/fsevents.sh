#!/bin/sh
# Carries host file changes into the guest's inotify, over the virtio-serial port dev.berth.fsevents.0.
# The guest kernel raises no inotify event for a change made on the host side of a virtiofs share (Linux's
# virtio-fs has no notification queue, and FUSE's notify replies only drop caches), so the host names each change
# and this script makes the guest's own VFS raise the event a local change gives, by doing the same operation
# through the mount: an O_CREAT open (IN_CREATE), a mkdir, an unlink or rmdir (IN_DELETE), a rename
# (IN_MOVED_FROM/IN_MOVED_TO with one cookie), a same-size truncate (IN_MODIFY). Berth's file server is told
# beforehand: the process that will do the operation first looks up ".berth-event.OP.NAME" in the entry's folder
# (the `[ -e ]` builtin; the server answers ENOENT and notes it), and the server then answers that process's
# operation as done without touching the host, where the change already happened. Another server would do the
# operation for real, which is harmless: the file is there (or gone) already, and the truncate keeps the size.
# The old replay stays for modifications: the mode set to the mode the file already has (IN_ATTRIB) and, for a
# file, an append-open and close without writing (IN_OPEN, IN_CLOSE_WRITE).
#   from the host:  "c MODE PATH"  a file was created (the path runs to the end of the line)
#                   "C MODE PATH"  a folder was created
#                   "d PATH"       a file was removed
#                   "D PATH"       a folder was removed
#                   "m FROM<TAB>TO" a file or folder was renamed
#                   "w MODE [SIZE] PATH"  a file was written: with SIZE, a same-size truncate first (IN_MODIFY)
#                   "a MODE PATH"  a file's or a folder's attributes changed: only its mode is set
#                   "."            end of a batch: apply it now
#                   "hello"        a host (re)connected: send the mount report again
#                   "budget N"     drop the guest's dentry and inode caches whenever more than N virtiofs inodes
#                                  are cached
#   to the host:    "mounts", one "mount TAG ROOT" per virtiofs mount in a container's mount namespace (ROOT
#                   escaped as in /proc/PID/mountinfo), then "end"; sent when it changes, so that the host
#                   watches only the folders containers mount. Other lines (such as "busy") are ignored.
# Under TCG every process costs ~20 ms, so the idle loops use only shell builtins: `read -t` on a FIFO nobody
# writes is the sleep, and the mounts are scanned only when needed. A create is builtins only; a removal, mkdir,
# rename or truncate is one forked subshell that announces and then execs the busybox applet (same process).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec 2>>/var/log/fsevents.log
dev=
for p in /sys/class/virtio-ports/*; do
  [ "$(cat "$p/name" 2>/dev/null)" = dev.berth.fsevents.0 ] && dev=/dev/${p##*/}
done
if [ -z "$dev" ]; then sleep 10; exit 1; fi   # respawned by init
exec 3<>"$dev" || { sleep 1; exit 1; }
last=/run/berth-fsevents.mounts
tick=/run/berth-fsevents.tick
limit=/run/berth-fsevents.budget
rm -f "$last" "$tick" "$limit"
mkfifo "$tick" && exec 4<>"$tick" || exit 1

# One "mount TAG ROOT" per virtiofs mount of the container mount namespaces, each once. Processes come and go
# while this runs, so a mountinfo that cannot be read is skipped. A namespace that still has the guest's
# /media/root-ro is a container being set up (runc has not pivoted into its root yet): it holds a copy of every
# guest mount, so it is skipped and "busy" is printed first, to scan again on the next tick.
mounts() {
  ls -l /proc/[0-9]*/ns/mnt 2>/dev/null | awk -v init="$(readlink /proc/1/ns/mnt)" '
    $NF ~ /^mnt:/ && $NF != init && !seen[$NF]++ {
      f = $(NF - 2); sub(/ns\/mnt$/, "mountinfo", f)
      setup = 0; n = 0
      while ((getline line < f) > 0) {
        m = split(line, x, " ")
        for (i = 7; i < m && x[i] != "-"; i++) ;
        if (x[5] == "/media/root-ro") setup = 1
        else if (x[i + 1] == "virtiofs") found[n++] = "mount " x[i + 2] " " x[4]
      }
      close(f)
      if (setup) busy = 1
      else for (k = 0; k < n; k++) if (!dup[found[k]]++) out[o++] = found[k]
    }
    END { if (busy) print "busy"; for (k = 0; k < o; k++) print out[k] }'
}

report() {
  now=$(mounts)
  case $now in busy*) again=2 ;; esac
  [ -f "$last" ] && [ "$now" = "$(cat "$last")" ] && return
  printf '%s\n' "$now" >"$last"
  { echo mounts; [ -n "$now" ] && printf '%s\n' "$now"; echo end; } >&3
}

# Every 0.25 s: keep the guest's virtiofs inodes under the host's budget (the host's virtiofsd holds one open
# file per inode the guest caches, and must not run out), then, every second, scan the mounts when the set of
# created containers changes (runc writes a container's state.json once its mounts are set up), again while one
# is being set up, and every 30 s in any case.
(
  seen=; again=0; ticks=0; budget=
  while kill -0 $$ 2>/dev/null; do
    [ -f "$limit" ] && read -r budget <"$limit"
    if [ -n "$budget" ] && read -r n _ </sys/kernel/slab/fuse_inode/objects && [ "$n" -gt "$budget" ]; then
      echo 2 >/proc/sys/vm/drop_caches
    fi
    ticks=$((ticks + 1))
    if [ $((ticks % 4)) = 0 ]; then
      set -- /run/docker/runtime-runc/*/*/state.json /run/containerd/runc/*/*/state.json
      if [ "$*" != "$seen" ]; then seen=$*; again=1; fi
      if [ $again -gt 0 ] || [ $ticks -ge 120 ] || [ ! -f "$last" ]; then again=$((again - 1)); ticks=0; report; fi
    fi
    read -t 0.25 -r _ <&4
  done
) 2>/dev/null &
trap 'kill $! 2>/dev/null' EXIT INT TERM

flush() {
  [ $# -gt 0 ] && chmod "$mode" -- "$@" 2>/dev/null
  return 0
}

# Opens a file for appending without creating it (through /proc/self/fd of a read-only open), then closes it.
touch_write() {
  { command exec 5<"$1" && command exec 6>>/proc/self/fd/5; } 2>/dev/null
  exec 6>&- 5<&-
}

# The lookup that announces OP on PATH to the file server, from the process that does it next.
announce() {
  [ -e "${2%/*}/.berth-event.$1.${2##*/}" ]
  return 0
}

replay() {
  case $1 in
    c) announce create "$2"; : 2>/dev/null >>"$2" ;;
    C) ( announce mkdir "$2"; exec mkdir -- "$2" ) 2>/dev/null ;;
    d) ( announce unlink "$2"; exec unlink -- "$2" ) 2>/dev/null ;;
    D) ( announce rmdir "$2"; exec rmdir -- "$2" ) 2>/dev/null ;;
    m) ( announce from "$2"; announce to "$3"; exec mv -f -- "$2" "$3" ) 2>/dev/null ;;
    # only where the file server took the announcement (it answers it as found): elsewhere a truncate could
    # cut what the host appended since it sent the size
    t) ( [ -e "${2%/*}/.berth-event.truncate.${2##*/}" ] && exec truncate -c -s "$3" -- "$2" ) 2>/dev/null ;;
  esac
  return 0
}

while :; do
  set --
  mode=
  while IFS= read -r line <&3; do
    case $line in
      .) flush "$@"; set --; mode= ;;
      hello) rm -f "$last" ;;
      budget\ [0-9]*) echo "${line#budget }" >"$limit" ;;
      [cC]\ [0-7][0-7][0-7]*\ /*) rest=${line#? }; replay "${line%% *}" "${rest#* }" ;;
      [dD]\ /*) replay "${line%% *}" "${line#? }" ;;
      m\ /*"	"/*) rest=${line#m }; replay m "${rest%%	*}" "${rest#*	}" ;;
      [aw]\ [0-7][0-7][0-7]*\ *)
        rest=${line#? }
        m=${rest%% *}
        path=${rest#* }
        size=
        case $path in /*) ;; [0-9]*\ /*) size=${path%% *}; path=${path#* } ;; *) continue ;; esac
        [ -L "$path" ] && continue
        [ -n "$size" ] && [ -f "$path" ] && replay t "$path" "$size"
        [ "${line%% *}" = w ] && [ -f "$path" ] && touch_write "$path"
        if [ "$m" != "$mode" ]; then flush "$@"; set --; mode=$m; fi
        set -- "$@" "$path" ;;
    esac
  done
  read -t 0.5 -r _ <&4   # no host on the other end yet
done
