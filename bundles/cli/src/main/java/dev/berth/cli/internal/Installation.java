package dev.berth.cli.internal;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where this Berth's jars live and what put them there: the installed package, a source checkout's build, or a
 * folder of jars. Both launchers name the folder with {@code -Dberth.lib}, so the package and the checkout find
 * the daemon, its file server and their Java the same way.
 *
 * @param lib     the folder holding {@code berth.jar}, {@code berth-cli.jar} and {@code berth-virtiofs.jar}
 * @param kind    what put the jars there
 * @param version the package's version, or empty outside a package
 */
record Installation(Path lib, Kind kind, String version) {
    /** The file the package build writes into its lib folder, which a checkout's build never has. */
    static final String PACKAGE_FILE = "berth-package.properties";

    /** What put the jars where they are. */
    enum Kind { PACKAGE, CHECKOUT, JARS }

    /** The installation this client runs from: {@code berth.lib}, else the folder of the client's own jar. */
    static Installation current() throws IOException {
        String lib = System.getProperty("berth.lib");
        if (lib != null && !lib.isBlank()) return of(Path.of(lib));
        try {
            Path self = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return of(Files.isDirectory(self) ? self : self.getParent());
        } catch (URISyntaxException | SecurityException e) {
            throw new IOException("cannot locate the berth installation: " + e.getMessage(), e);
        }
    }

    /** Tells what {@code lib} is from what lies in and around it. */
    static Installation of(Path lib) {
        Path dir = lib.toAbsolutePath().normalize();
        Path packageFile = dir.resolve(PACKAGE_FILE);
        if (Files.isRegularFile(packageFile)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(packageFile)) {
                p.load(in);
            } catch (IOException e) {
                // an unreadable file still marks the package; only its version is unknown
            }
            return new Installation(dir, Kind.PACKAGE, p.getProperty("version", "?"));
        }
        Path parent = dir.getParent();
        boolean checkout = dir.getFileName() != null && dir.getFileName().toString().equals("target")
                && parent != null && parent.getFileName().toString().equals("distribution")
                && Files.isRegularFile(parent.resolveSibling("berth")) && Files.isRegularFile(parent.resolve("pom.xml"));
        return new Installation(dir, checkout ? Kind.CHECKOUT : Kind.JARS, "");
    }

    /** The daemon jar, or an error that says how to get one. */
    Path daemonJar() throws IOException {
        Path jar = lib.resolve("berth.jar");
        if (Files.isRegularFile(jar)) return jar;
        throw new IOException("the daemon jar " + jar + " is missing; " + switch (kind) {
            case PACKAGE -> "reinstall the package (sudo apt-get install --reinstall berth)";
            case CHECKOUT -> "rebuild Berth (run ./berth from the source folder)";
            case JARS -> "put berth.jar beside berth-cli.jar";
        });
    }

    /**
     * The daemon's AOT cache that the package makes when it is installed ({@code aotCache} in its properties file), for
     * every user of this installation; empty outside a package.
     */
    Optional<Path> aotCache() {
        if (kind != Kind.PACKAGE) return Optional.empty();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(lib.resolve(PACKAGE_FILE))) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String cache = p.getProperty("aotCache", "");
        return cache.isBlank() ? Optional.empty() : Optional.of(Path.of(cache));
    }

    /** One line for {@code berth version}: where this Berth runs from. */
    String describe() {
        return switch (kind) {
            case PACKAGE -> "installed package " + version + " (" + lib.getParent() + ")";
            case CHECKOUT -> "source checkout " + lib.getParent().getParent() + " (for development)";
            case JARS -> "jars in " + lib;
        };
    }
}
