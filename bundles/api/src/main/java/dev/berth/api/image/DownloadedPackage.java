package dev.berth.api.image;

import java.nio.file.Path;

/**
 * A Debian package file in the apt state's download folder.
 *
 * @param name         package name
 * @param version      exact version
 * @param architecture {@code amd64}, {@code all}, ...
 * @param file         the {@code .deb} file
 * @param sha256       lower-case hex SHA-256 of the file
 */
public record DownloadedPackage(String name, String version, String architecture, Path file, String sha256) {
}
