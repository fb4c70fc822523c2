package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth version} tells the installed package from a source checkout by what lies around the jars. */
class InstallationTest {
    @TempDir
    Path dir;

    @Test
    void theInstalledPackageIsKnownByTheFileItsBuildWrites() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("opt/berth/lib"));
        Files.writeString(lib.resolve(Installation.PACKAGE_FILE), "package=deb\nversion=0.1.0~snapshot20261203\n");
        Files.writeString(lib.resolve("berth.jar"), "daemon");
        Installation installed = Installation.of(lib);
        assertEquals(Installation.Kind.PACKAGE, installed.kind());
        assertEquals("installed package 0.1.0~snapshot20261203 (" + dir.resolve("opt/berth") + ")", installed.describe());
        assertEquals(lib.resolve("berth.jar"), installed.daemonJar());
    }

    @Test
    void aCheckoutsBuildIsKnownByItsLauncherAndPom() throws Exception {
        Path source = Files.createDirectories(dir.resolve("src"));
        Path target = Files.createDirectories(source.resolve("distribution/target"));
        Files.writeString(source.resolve("berth"), "#!/bin/sh\n");
        Files.writeString(source.resolve("distribution/pom.xml"), "<project/>");
        Installation checkout = Installation.of(target);
        assertEquals(Installation.Kind.CHECKOUT, checkout.kind());
        assertTrue(checkout.describe().startsWith("source checkout " + source), checkout.describe());
        IOException missing = assertThrows(IOException.class, checkout::daemonJar);
        assertTrue(missing.getMessage().contains("rebuild Berth"), missing.getMessage());
    }

    @Test
    void anyOtherFolderIsJustJars() throws Exception {
        Path target = Files.createDirectories(dir.resolve("elsewhere/distribution/target"));
        Installation jars = Installation.of(target);
        assertEquals(Installation.Kind.JARS, jars.kind(), "no launcher beside distribution/: not a checkout");
        assertEquals("jars in " + target, jars.describe());
    }

    @Test
    void theLaunchersPropertyNamesTheFolder() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve(Installation.PACKAGE_FILE), "version=2\n");
        String before = System.getProperty("berth.lib");
        System.setProperty("berth.lib", lib.toString());
        try {
            assertEquals(new Installation(lib, Installation.Kind.PACKAGE, "2"), Installation.current());
        } finally {
            if (before == null) System.clearProperty("berth.lib");
            else System.setProperty("berth.lib", before);
        }
    }
}
