package dev.berth.api.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** Packages of one Debian suite: locked or current versions downloaded and checked, and unpacked without root. */
public interface DebianPackages {
    /**
     * Reads a lock file: one {@code name version sha256} line per package; blank lines and {@code #} lines skipped.
     *
     * @throws IOException naming the file and line of a malformed entry
     */
    List<LockedPackage> readLock(Path file) throws IOException;

    /**
     * Downloads exactly the versions of {@code lock} and checks each file's SHA-256 against it.
     *
     * @throws IOException when a version is no longer served or a file differs; the message says what to do
     */
    List<DownloadedPackage> download(List<LockedPackage> lock) throws IOException;

    /** Downloads the suite's current versions of exactly {@code names}, without their dependencies. */
    List<DownloadedPackage> downloadCurrent(Collection<String> names) throws IOException;

    /**
     * Unpacks the package's files into the folder {@code target}, which must exist, as {@code dpkg -x} does; nothing
     * is written outside it, and files of a package unpacked there before are replaced.
     */
    void unpack(DownloadedPackage deb, Path target) throws IOException;
}
