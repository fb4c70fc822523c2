package dev.berth.extensions.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/** Where each extension jar came from, by file name, kept in a properties file so {@code berth extension ls} can say. */
final class Origins {
    /** What an extension shows when nobody recorded its origin: someone copied it into the folder. */
    static final String DROPPED = "copied into the folder";
    private final Path file;

    Origins(Path file) {
        this.file = file;
    }

    /** The recorded origin of a jar, or {@link #DROPPED}. */
    synchronized String of(String jarName) {
        return load().getProperty(jarName, DROPPED);
    }

    /** Records where a jar came from. */
    synchronized void record(String jarName, String origin) throws IOException {
        Properties p = load();
        p.setProperty(jarName, origin);
        store(p);
    }

    /** Forgets a jar's origin. */
    synchronized void forget(String jarName) throws IOException {
        Properties p = load();
        if (p.remove(jarName) != null) store(p);
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                // An unreadable record only loses the origins shown; the extensions themselves are unaffected.
            }
        }
        return p;
    }

    private void store(Properties p) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Where each extension jar came from");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
