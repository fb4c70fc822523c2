package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian packages that the tests only unpack, never install, such as the registry. {@code apt-get download} fetches the candidate version, {@code dpkg-deb -x} unpacks it under
 * {@code e2e/target/debian/<package>/root}; nothing of the package runs on its own (no maintainer scripts, no daemon).
 */
final class DebianPackage {
    static final Path DIR = BerthCli.HOME.resolveSibling("debian");

    private DebianPackage() {
    }

    /** The root of the unpacked package, downloading and unpacking it on first use. */
    static synchronized Path unpacked(String name) throws IOException, InterruptedException {
        Path dir = DIR.resolve(name);
        Path root = dir.resolve("root");
        Path done = dir.resolve(".unpacked");
        if (Files.exists(done)) return root;
        Files.createDirectories(dir);
        Result download = BerthCli.exec(List.of("sh", "-c", "cd \"$1\" && rm -f ./*.deb && apt-get download \"$2\"", "sh",
                dir.toString(), name), null, Duration.ofMinutes(5), Map.of());
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(p -> p.getFileName().toString().startsWith(name + "_") && p.toString().endsWith(".deb"))
                    .findFirst().orElseThrow(() -> new AssertionError("apt-get download " + name + " gave no .deb (are apt's "
                            + "package lists there? run apt-get update):\n" + download.all()));
        }
        Result unpack = BerthCli.exec(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null, Duration.ofMinutes(2), Map.of());
        assertEquals(0, unpack.code(), unpack.all());
        Files.writeString(done, deb.getFileName().toString());
        return root;
    }
}
