package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.image.DebianPackages;
import dev.berth.api.image.DownloadedPackage;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.image.ImageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The image bundle's builder through the service registry: it reads its built-in spec from the bundle, and the
 * libraries its .deb reader needs are in a runtime resolved from the bundles alone.
 */
@ExtendWith(ServiceExtension.class)
class ImageBundleTest {
    @InjectService
    GuestImageBuilder builder;
    private Path dir;

    @BeforeEach
    void folder() throws Exception {
        dir = Files.createTempDirectory("berth-itest-image");
    }

    @AfterEach
    void removeFolder() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theBuiltInSpecIsReadFromTheBundleAndNothingIsBuiltToFindTheImage() throws Exception {
        ImageRequest request = new ImageRequest(Optional.empty(), List.of(), dir.resolve("images"), dir.resolve("apt"));
        assertTrue(builder.cached(request).isEmpty());
        assertTrue(!Files.exists(dir.resolve("images")) && !Files.exists(dir.resolve("apt")), "nothing was made");
    }

    @Test
    void theImageBundleUnpacksADebianPackage() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/DEBIAN"));
        Files.writeString(root.resolve("control"), """
                Package: berth-itest
                Version: 1.2-3
                Architecture: all
                Maintainer: Berth <berth@berth.invalid>
                Description: a package for the test
                """);
        Files.createDirectories(dir.resolve("root/usr/bin"));
        Files.writeString(dir.resolve("root/usr/bin/hello"), "#!/bin/sh\necho hello\n");
        Path deb = dir.resolve("berth-itest.deb");
        Process build = new ProcessBuilder("dpkg-deb", "--root-owner-group", "-Zxz", "--build",
                dir.resolve("root").toString(), deb.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        assertEquals(0, build.waitFor(), output);

        // commons-compress imports commons-io as optional, yet its ar and tar readers need it.
        DebianPackages packages = builder.packages(Optional.empty(), dir.resolve("apt"), w -> { });
        Path target = Files.createDirectories(dir.resolve("unpacked"));
        packages.unpack(new DownloadedPackage("berth-itest", "1.2-3", "all", deb, "0".repeat(64)), target);
        assertEquals("#!/bin/sh\necho hello\n", Files.readString(target.resolve("usr/bin/hello")));
    }
}
