package dev.berth.extensions.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The identity of a bundle jar, read from its manifest before it is installed.
 *
 * @param symbolicName its {@code Bundle-SymbolicName} without directives
 * @param version      its {@code Bundle-Version}, {@code 0.0.0} when absent
 */
record BundleJar(String symbolicName, String version) {
    /** Reads a jar's manifest; a file that is no OSGi bundle is refused with a sentence saying why. */
    static BundleJar read(Path jar) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(jar + " is not a jar file: " + e.getMessage(), e);
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(jar + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        int semicolon = name.indexOf(';');
        String symbolic = (semicolon < 0 ? name : name.substring(0, semicolon)).strip();
        if (!symbolic.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(jar + " has an odd Bundle-SymbolicName: " + symbolic);
        }
        String version = main.getValue("Bundle-Version");
        return new BundleJar(symbolic, version == null ? "0.0.0" : version.strip());
    }

    /** The file name an installed copy gets, so that installing the same bundle again replaces it. */
    String fileName() {
        return symbolicName + ".jar";
    }
}
