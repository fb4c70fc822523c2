package dev.berth.platform.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The version of the package whose lib folder holds the daemon's jars, from the file the package build writes there. */
final class PackageVersion {
    private PackageVersion() {
    }

    /** The package's version, or empty when {@code lib} is not an installed package's (a checkout's build). */
    static Optional<String> of(Path lib) {
        Path file = lib.resolve("berth-package.properties");
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(p.getProperty("version")).map(String::strip).filter(v -> !v.isEmpty());
    }
}
