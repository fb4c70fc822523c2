package dev.berth.image.internal.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.api.vm.ImageArtifacts;
import dev.berth.api.vm.ProgressListener;
import dev.berth.image.internal.spec.SpecSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds Berth's real guest image twice from the same inputs and checks the outputs are byte-identical. */
class ImageBuilderTest {
    /** The apt state and downloaded packages are kept between test runs here, beside the build output. */
    static final Path APT_STATES = Path.of("target", "apt-states").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theSameInputsGiveByteIdenticalImages() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "needs apt-get");
        SpecSource source = SpecSource.bundled();
        List<String> warnings = new ArrayList<>();
        ImageArtifacts first = new ImageBuilder(dir.resolve("a"), APT_STATES).build(source, ProgressListener.NONE, warnings::add);
        ImageArtifacts second = new ImageBuilder(dir.resolve("b"), APT_STATES).build(source, ProgressListener.NONE, warnings::add);
        assertEquals(first.hash(), second.hash());
        for (Path[] pair : new Path[][] {{first.kernel(), second.kernel()}, {first.initrd(), second.initrd()},
                {first.systemImage(), second.systemImage()}}) {
            assertArrayEquals(sha256(pair[0]), sha256(pair[1]), pair[0].getFileName() + " differs between builds");
        }
        assertTrue(first.kernelVersion().matches("\\d+\\.\\d+\\.\\d+[-+][\\w.]+-cloud-amd64"), first.kernelVersion());
        assertTrue(Files.size(first.systemImage()) > 100 << 20, "system image is " + Files.size(first.systemImage()));
        assertTrue(new ImageBuilder(dir.resolve("a"), APT_STATES).cached(source).isPresent(), "a built image is cached");
    }

    static byte[] sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) d.update(buffer, 0, n);
        }
        return d.digest();
    }
}
