package dev.berth.platform.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds small extension bundles for the tests, with classes copied from this bundle's {@code ext} package. */
final class ExtensionJars {
    static final String EXT = "dev.berth.platform.itest.ext";

    private ExtensionJars() {
    }

    /**
     * Writes a bundle jar to {@code target} (through a dot-file and one rename, as FileInstall wants it).
     *
     * @param headers manifest headers besides the symbolic name and version
     * @param classes simple names of classes of the {@code ext} package to put in
     * @param files   other entries, by path
     */
    static Path write(Path target, String name, String version, Map<String, String> headers, Map<String, String> files,
                      String... classes) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (String c : classes) {
                String path = EXT.replace('.', '/') + "/" + c + ".class";
                try (InputStream in = ExtensionJars.class.getClassLoader().getResourceAsStream(path)) {
                    if (in == null) throw new IOException("no class " + path + " in the test bundle");
                    jar.putNextEntry(new JarEntry(path));
                    in.transferTo(jar);
                }
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                jar.putNextEntry(new JarEntry(f.getKey()));
                jar.write(f.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
