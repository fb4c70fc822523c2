#!/bin/sh
# Builds distribution/target/berth_<version>_amd64.deb from a finished build (mvn install): a jlink runtime holding
# only the modules Berth's jars use, the jars, the docker CLI and its plugins, the berth command, a desktop entry
# and icon, and the login start. Needs the JDK 25 that built Berth, dpkg-deb, and Debian's mirror for the docker
# tools; no root (dpkg-deb --root-owner-group owns the files by root).
set -eu
BERTH_SRC=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$BERTH_SRC/scripts/env.sh"
berth_find_java
DEB_DIR="$BERTH_SRC/distribution/deb"
TARGET="$BERTH_SRC/distribution/target"
for jar in berth.jar berth-cli.jar berth-virtiofs.jar; do
  [ -f "$TARGET/$jar" ] || berth_die "$TARGET/$jar is missing; build Berth first (mvn install -DskipTests, or ./berth)"
done
command -v dpkg-deb >/dev/null 2>&1 || berth_die "dpkg-deb is missing (apt-get install dpkg)"

# Debian sorts 0.1.0~snapshot... before 0.1.0; the commit time orders snapshot builds, so a later build upgrades.
POM_VERSION=${BERTH_VERSION:-$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$BERTH_SRC/pom.xml" | head -n 1)}
case "$POM_VERSION" in
  *-SNAPSHOT)
    stamp=$(git -C "$BERTH_SRC" log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S 2>/dev/null || date -u +%Y%m%d%H%M%S)
    VERSION="${POM_VERSION%-SNAPSHOT}~snapshot$stamp" ;;
  *) VERSION="$POM_VERSION" ;;
esac
DEB="$TARGET/berth_${VERSION}_amd64.deb"
WORK="$TARGET/deb"
ROOT="$WORK/root"
rm -rf "$WORK" "$TARGET"/berth_*_amd64.deb
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt/berth/bin" "$ROOT/opt/berth/lib" "$ROOT/usr/bin" \
  "$ROOT/usr/lib/systemd/user" "$ROOT/etc/xdg/autostart" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/usr/share/man/man1" "$ROOT/usr/share/doc/berth" \
  "$ROOT/usr/share/lintian/overrides"
umask 022

# The modules: what jdeps finds in the daemon's embedded bundles, the client and the file server.
mkdir -p "$WORK/jars"
(cd "$WORK/jars" && "$JAVA_HOME/bin/jar" xf "$TARGET/berth.jar" jar)
MODULES=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  "$WORK"/jars/jar/*.jar "$TARGET/berth-cli.jar" "$TARGET/berth-virtiofs.jar")
echo "berth: runtime modules $MODULES" >&2
# The class data archive (--generate-cds-archive) is the base the launchers' own archives and the daemon's AOT
# cache build on. The module image stays uncompressed (zip-0): the package's xz compresses it to 13 MB where a
# zip-6 image stays 26 MB, and the JVM reads its classes without inflating them.
# java.desktop is there for java.beans (Apache Commons); nothing in Berth draws, so AWT's native libraries and the
# fonts, image and sound libraries they embed are left out.
AWT="libawt.so libawt_headless.so libawt_xawt.so libjawt.so libsplashscreen.so libjavajpeg.so liblcms.so"
AWT="$AWT libfreetype.so libfontmanager.so libjsound.so libmlib_image.so"
EXCLUDE=$(for f in $AWT; do printf '**/%s,' "$f"; done)
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-0 --exclude-files="${EXCLUDE%,}" --generate-cds-archive --output "$ROOT/opt/berth/runtime" >&2
# Only the archive for compressed object pointers is kept: the daemon runs with a 512 MB heap, and the client
# would need a heap above 32 GB to want the other one (which would cost 14 MB).
rm -f "$ROOT/opt/berth/runtime/lib/server/classes_nocoops.jsa"
# The JDK's native files carry symbol tables Berth never uses: strip them as Debian strips its own JDK packages
# (shared libraries to their dynamic symbols; the class data archives are not ELF files and stay as they are).
if command -v strip >/dev/null 2>&1; then
  find "$ROOT/opt/berth/runtime" -type f \( -name '*.so' -o -perm -u+x \) | while read -r f; do
    case "$(head -c 4 "$f" | od -An -c | tr -d ' ')" in
      177ELF) case "$f" in
          *.so) strip --remove-section=.comment --remove-section=.note --strip-unneeded "$f" ;;
          *) strip --remove-section=.comment --remove-section=.note "$f" ;;
        esac ;;
    esac
  done
else
  echo "berth: strip (binutils) is missing: the runtime's native files keep their symbol tables" >&2
fi

cp "$TARGET/berth.jar" "$TARGET/berth-cli.jar" "$TARGET/berth-virtiofs.jar" "$ROOT/opt/berth/lib/"
# The docker CLI, Compose, buildx and the credential helpers, taken by the daemon's own code from the same Debian
# suite and lock as a checkout's Berth downloads them at its first start; an installed Berth links these instead.
# The suite's apt state stays in target/deb-apt, so a rebuild fetches only what changed.
"$JAVA_HOME/bin/java" -cp "$WORK/jars/jar/*" dev.berth.vm.internal.tools.ToolsForPackage \
  "$ROOT/opt/berth/tools" "$TARGET/deb-apt" >&2
# aotCache: the daemon's AOT cache, made by the postinst for this jar on this runtime (see postinst)
printf 'package=deb\nversion=%s\naotCache=/var/cache/berth/daemon.aot\n' "$VERSION" \
  > "$ROOT/opt/berth/lib/berth-package.properties"
install -m 0755 "$DEB_DIR/berth" "$ROOT/opt/berth/bin/berth"
ln -s /opt/berth/bin/berth "$ROOT/usr/bin/berth"
install -m 0644 "$DEB_DIR/berth.service" "$ROOT/usr/lib/systemd/user/berth.service"
install -m 0644 "$DEB_DIR/berth-autostart.desktop" "$ROOT/etc/xdg/autostart/berth.desktop"
install -m 0644 "$DEB_DIR/berth.desktop" "$ROOT/usr/share/applications/berth.desktop"
install -m 0644 "$DEB_DIR/berth.svg" "$ROOT/usr/share/icons/hicolor/scalable/apps/berth.svg"
gzip -9n < "$DEB_DIR/berth.1" > "$ROOT/usr/share/man/man1/berth.1.gz"
install -m 0644 "$DEB_DIR/copyright" "$ROOT/usr/share/doc/berth/copyright"
install -m 0644 "$DEB_DIR/lintian-overrides" "$ROOT/usr/share/lintian/overrides/berth"
DATE=$(git -C "$BERTH_SRC" log -1 --format=%aD 2>/dev/null || date -R)
printf 'berth (%s) unstable; urgency=medium\n\n  * Snapshot build of Berth.\n\n -- %s  %s\n' \
  "$VERSION" "Berth maintainers <maintainers@berth.invalid>" "$DATE" | gzip -9n > "$ROOT/usr/share/doc/berth/changelog.gz"
install -m 0755 "$DEB_DIR/postinst" "$DEB_DIR/postrm" "$ROOT/DEBIAN/"
echo /etc/xdg/autostart/berth.desktop > "$ROOT/DEBIAN/conffiles"
chmod -R u+rwX,go+rX,go-w "$ROOT/opt" "$ROOT/usr" "$ROOT/etc"

# Run-time needs: QEMU (and its virtiofsd), mke2fs and debugfs, depmod, apt and the archive keyring to build the
# guest image from Debian's packages, and certificates for the mirror; the runtime itself needs only libc, and the
# docker tools libc 2.34 or later. The Secret Service credential helper needs libsecret (recommended: without it
# Berth names the pass helper, or none).
DEPENDS="libc6 (>= 2.34), qemu-system-x86, e2fsprogs, kmod, apt, ca-certificates, debian-archive-keyring"
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: berth
Version: $VERSION
Architecture: amd64
Maintainer: Berth maintainers <maintainers@berth.invalid>
Installed-Size: $SIZE
Depends: $DEPENDS
Recommends: xdg-utils, libsecret-1-0
Suggests: pass
Section: admin
Priority: optional
Description: Docker Desktop rebuilt in Java, for Linux
 Berth boots a small Linux VM with QEMU, runs the Docker Engine in it and makes
 the VM invisible: the docker CLI talks to a socket on this machine, published
 ports appear on localhost and the user's folders are shared into containers,
 with files owned by the user. It brings its own Java runtime, a dashboard, and
 a user service that starts it at login for users who have used it.
CONTROL
(cd "$ROOT" && find opt usr etc -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/md5sums" "$ROOT/DEBIAN/conffiles"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >&2
rm -rf "$WORK"
echo "$DEB"
