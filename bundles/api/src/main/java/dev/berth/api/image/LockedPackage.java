package dev.berth.api.image;

/**
 * One exact version of a Debian package, as a lock names it.
 *
 * @param name    package name
 * @param version exact version, epoch included
 * @param sha256  lower-case hex SHA-256 of its {@code .deb} file
 */
public record LockedPackage(String name, String version, String sha256) {
}
