package dev.berth.e2e;

import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the file-sharing suites share, as their base class: the shared Berth, busybox, and a working folder of their
 * own inside the shared system temp folder, with a space and non-ASCII letters in its name, removed after each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SharedFolderSuite {
    static final Duration T = Duration.ofMinutes(2);
    static Path work;
    static String image;

    @BeforeAll
    static void berth() throws Exception {
        SharedBerth.ensureRunning();
        image = TestImages.busybox();
        work = Files.createTempDirectory(Path.of("/tmp"), "berth e2e shäre ");
    }

    @AfterAll
    static void removeTheFolder() throws Exception {
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Result docker(String... args) throws Exception {
        return SharedBerth.dockerOk(T, args);
    }
}
