package dev.berth.image.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.image.ArchiveEntry;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.image.ImageRequest;
import dev.berth.api.image.LockedPackage;
import dev.berth.api.vm.ImageArtifacts;
import dev.berth.image.internal.build.ImageBuilder;
import dev.berth.image.internal.spec.SpecSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder service: what a request finds built, the archives it writes, and how a program outside OSGi finds it. */
class ImageBuilderComponentTest {
    @TempDir
    Path dir;

    private ImageRequest request() {
        return new ImageRequest(Optional.empty(), List.of(), dir.resolve("images"), dir.resolve("apt"));
    }

    @Test
    void aBuiltImageIsFoundWithItsSpecsKernelCommandLine() throws Exception {
        ImageBuilderComponent builder = new ImageBuilderComponent();
        assertTrue(builder.cached(request()).isEmpty(), "nothing is built yet");
        SpecSource spec = SpecSource.bundled();
        Path image = Files.createDirectories(dir.resolve("images").resolve(spec.hash(ImageBuilder.VERSION)));
        Files.writeString(image.resolve("manifest.json"), "{\"hash\": \"h\", \"kernelRelease\": \"7.2\"}");
        ImageArtifacts found = builder.cached(request()).orElseThrow();
        assertEquals(new ImageArtifacts("h", "7.2", image.resolve("vmlinuz"), image.resolve("initrd.img"),
                image.resolve("system.img"), spec.spec().kernel().cmdline()), found);
        assertTrue(found.cmdline().contains("console="), found.cmdline());
    }

    @Test
    void writesAnUncompressedCpioOwnedByRootAtTimeZero() throws Exception {
        Path target = dir.resolve("config.cpio");
        new ImageBuilderComponent().writeArchive(List.of(
                ArchiveEntry.file("config/etc/docker/daemon.json", 0644, "{}".getBytes(StandardCharsets.UTF_8)),
                ArchiveEntry.folder("config/etc/docker/tls", 0700),
                ArchiveEntry.file("config/etc/docker/tls/key.pem", 0600, "KEY".getBytes(StandardCharsets.UTF_8))),
                target);
        List<String> seen = new ArrayList<>();
        try (InputStream in = Files.newInputStream(target); CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            for (CpioArchiveEntry e = cpio.getNextEntry(); e != null; e = cpio.getNextEntry()) {
                seen.add(e.getName() + " " + Long.toOctalString(e.getMode()) + " " + e.getUID() + ":" + e.getGID() + " "
                        + e.getTime());
                if (e.getName().endsWith("key.pem")) assertArrayEquals("KEY".getBytes(StandardCharsets.UTF_8), cpio.readAllBytes());
            }
        }
        assertEquals(List.of("config 40755 0:0 0", "config/etc 40755 0:0 0", "config/etc/docker 40755 0:0 0",
                "config/etc/docker/daemon.json 100644 0:0 0", "config/etc/docker/tls 40700 0:0 0",
                "config/etc/docker/tls/key.pem 100600 0:0 0"), seen);
    }

    @Test
    void readsALockOfTheSpecsSuiteWithoutTheNetwork() throws Exception {
        Path lock = Files.writeString(dir.resolve("tools.lock"), "# tools\ndocker-cli 28.5.2+dfsg4-5 " + "a".repeat(64) + "\n");
        var packages = new ImageBuilderComponent().packages(Optional.empty(), dir.resolve("apt"), w -> { });
        assertEquals(List.of(new LockedPackage("docker-cli", "28.5.2+dfsg4-5", "a".repeat(64))), packages.readLock(lock));
        assertTrue(!Files.exists(dir.resolve("apt")), "reading a lock fetches nothing");
    }

    @Test
    void aProgramOutsideAFrameworkFindsTheBuilderAsAJavaServiceProvider() {
        GuestImageBuilder found = ServiceLoader.load(GuestImageBuilder.class).findFirst().orElseThrow();
        assertInstanceOf(ImageBuilderComponent.class, found);
    }
}
