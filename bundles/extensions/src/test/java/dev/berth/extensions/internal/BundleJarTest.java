package dev.berth.extensions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleJarTest {
    @TempDir
    Path dir;

    private Path jar(String symbolicName, String version) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        if (version != null) m.getMainAttributes().putValue("Bundle-Version", version);
        Path p = dir.resolve("x.jar");
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return p;
    }

    @Test
    void readsTheSymbolicNameWithoutDirectivesAndTheVersion() throws IOException {
        BundleJar b = BundleJar.read(jar("com.example.disk;singleton:=true", "1.2.3"));
        assertEquals(new BundleJar("com.example.disk", "1.2.3"), b);
        assertEquals("com.example.disk.jar", b.fileName());
        assertEquals("0.0.0", BundleJar.read(jar("a.b", null)).version());
    }

    @Test
    void refusesAPlainJarAndAFileThatIsNoJar() throws IOException {
        Exception plain = assertThrows(IllegalArgumentException.class, () -> BundleJar.read(jar(null, "1")));
        assertTrue(plain.getMessage().contains("not an OSGi bundle"), plain.getMessage());
        Path text = Files.writeString(dir.resolve("notes.jar"), "hello");
        Exception bad = assertThrows(IllegalArgumentException.class, () -> BundleJar.read(text));
        assertTrue(bad.getMessage().contains("not a jar file"), bad.getMessage());
    }
}
