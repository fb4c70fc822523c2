package dev.berth.cli.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the daemon jar that was installed beside this client's jar. */
final class AppFiles {
    private AppFiles() {
    }

    /** The daemon jar {@code berth.jar} in the folder of this client's jar. */
    static Path daemonJar() throws IOException {
        try {
            Path self = Path.of(AppFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = (Files.isDirectory(self) ? self : self.getParent()).resolve("berth.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IOException("the daemon jar " + jar + " is missing; rebuild Berth (run ./berth from the"
                        + " source folder)");
            }
            return jar;
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the berth installation: " + e.getMessage(), e);
        }
    }
}
