package dev.berth.e2e.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The .deb of this build: the one in distribution/target when it is newer than the jars, else built now. */
final class PackageBuild {
    private PackageBuild() {
    }

    /** Returns the package, building it with distribution/deb/build-deb.sh when it is missing or stale. */
    static Path deb(Path target) throws Exception {
        long jars = Files.getLastModifiedTime(target.resolve("berth.jar")).toMillis();
        Optional<Path> built = find(target);
        if (built.isPresent() && Files.getLastModifiedTime(built.get()).toMillis() >= jars) return built.get();
        long began = System.nanoTime();
        Result build = BerthCli.exec(List.of(BerthCli.SOURCE.resolve("distribution/deb/build-deb.sh").toString()),
                null, Duration.ofMinutes(20), Map.of());
        assertEquals(0, build.code(), build.all());
        System.out.printf("package built in %.1f s%n", (System.nanoTime() - began) / 1e9);
        return find(target).orElseThrow(() -> new AssertionError("no .deb after the build: " + build.all()));
    }

    private static Optional<Path> find(Path target) throws IOException {
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("berth_.*_amd64\\.deb")).findFirst();
        }
    }
}
