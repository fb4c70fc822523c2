# Shared shell functions for Berth's scripts: finding Java 25, installing host packages, building the app.
# Sourced by ./berth and ./run-tests; expects BERTH_SRC to be the source folder.

berth_die() { echo "berth: $*" >&2; exit 1; }

# Sets JAVA_HOME to a JDK 25 or newer, or stops with what to install.
berth_find_java() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
      /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk-arm64 /usr/lib/jvm/*25* ; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    # the JDK's release file names its version without starting a JVM; ask java itself only when it is missing
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)
    [ -n "$feature" ] || feature=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  berth_die "Berth needs a JDK 25. None was found in \$JAVA_HOME or /usr/lib/jvm.
  Install Temurin 25 (https://adoptium.net) to /usr/lib/jvm/temurin-25-jdk-amd64, or set JAVA_HOME to a JDK 25."
}

# Java names files in the locale's charset: in a locale that is not UTF-8 (LANG unset, as after su -) it cannot
# name files such as ca-certificates' Főtanúsítvány.crt. Berth's JVMs (and the tests') run in C.UTF-8 then,
# which glibc 2.35 and later always has.
berth_utf8_locale() {
  case "$(locale charmap 2>/dev/null)" in
    UTF-8) ;;
    *) export LC_ALL=C.UTF-8 ;;
  esac
}

# Installs Debian packages that are missing; needs root or sudo, else says what to run.
berth_apt_install() {
  missing=""
  installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '/install ok installed$/ { printf "%s ", $1 }')"
  for pkg in "$@"; do
    case "$installed" in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
  done
  [ -z "$missing" ] && return 0
  command -v apt-get >/dev/null 2>&1 || berth_die "missing packages:$missing (this machine has no apt-get; install them by hand)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""
  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
  else berth_die "missing packages:$missing. Install them as root with:
  apt-get update && apt-get install -y --no-install-recommends$missing"
  fi
  echo "berth: installing$missing" >&2
  $SUDO apt-get update -qq >&2 || berth_die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2 \
    || berth_die "could not install$missing; install them with: sudo apt-get install$missing"
}

# The guest image is built from Debian packages: apt needs its package lists.
berth_apt_lists() {
  ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2
  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq >&2
  else berth_die "apt has no package lists; run as root: apt-get update"
  fi
}

# Packages Berth needs at run time: the hypervisor and the tools that build the guest image (its private apt
# checks Debian's archive with the keyring).
BERTH_RUNTIME_PACKAGES="qemu-system-x86 qemu-utils e2fsprogs kmod ca-certificates debian-archive-keyring"
# Packages the build needs: Maven, and gcc with the static C library for the guest's port relay (portd).
BERTH_BUILD_PACKAGES="maven gcc libc6-dev"

# Builds the app when it is missing or older than any source file.
berth_build_if_stale() {
  [ "${BERTH_NO_BUILD:-}" = 1 ] && return 0
  app="$BERTH_SRC/distribution/target"
  stamp="$app/.built"
  if [ -f "$stamp" ] && [ -f "$app/berth.jar" ] && [ -f "$app/berth-cli.jar" ]; then
    newer=$(cd "$BERTH_SRC" && find . \( -name target -o -name .git -o -name node_modules -o -path ./e2e -o -path ./benchmarks -o -path ./docs \) -prune \
      -o -type f -newer "$stamp" -print 2>/dev/null | head -n 1)
    [ -z "$newer" ] && return 0
    echo "berth: sources changed ($newer); rebuilding" >&2
  else
    echo "berth: building Berth (first run)" >&2
  fi
  berth_apt_install $BERTH_BUILD_PACKAGES
  (cd "$BERTH_SRC" && mvn -q -B -Dstyle.color=never -DskipTests install >&2) || berth_die "the build failed; see the output above"
  touch "$stamp"
}
# Packages the test suites need beyond the runtime ones: busybox-static and gcc (static) build test images
# offline, Chromium and its driver run the dashboard's browser tests, curl fetches published pages, and pass with
# gnupg keeps the registry login of the engine suite in a password store; lintian checks the .deb.
BERTH_TEST_PACKAGES="busybox-static gcc libc6-dev chromium chromium-driver fonts-dejavu-core curl pass gnupg lintian"
