package dev.berth.image.internal.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import dev.berth.api.guest.OwnedContribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contributions join the spec and its hash in an order of their own, and two givers of one thing are named. */
class SpecAssemblyTest {
    private static SpecSource base;

    @BeforeAll
    static void readSpec() throws IOException {
        base = SpecSource.bundled();
    }

    /** A contribution of one file and the service that runs it, and optionally kernel modules. */
    private static OwnedContribution part(String owner, String path, String text, List<String> modules) {
        return new OwnedContribution(owner, new GuestContribution() {
            @Override
            public List<GuestFile> files() {
                return List.of(new GuestFile(path, 0755, GuestFile.Contents.bytes(text.getBytes(StandardCharsets.UTF_8))));
            }

            @Override
            public List<GuestService> services() {
                return List.of(new GuestService(path.substring(path.lastIndexOf('/') + 1), path));
            }

            @Override
            public List<String> kernelModules() {
                return modules;
            }
        });
    }

    @Test
    void contributedFilesServicesAndModulesJoinTheSpec() throws IOException {
        SpecSource merged = SpecAssembly.merge(base, List.of(part("berth.a", "/usr/libexec/a/relayd", "#!/bin/sh\n",
                List.of("vsock"))));
        GuestSpec.FileEntry file = merged.spec().files().getLast();
        assertEquals("/usr/libexec/a/relayd", file.path());
        assertEquals(0755, file.permissions());
        assertArrayEquals("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), merged.sources().get(file.source()));
        assertTrue(merged.spec().inittab().contains("::respawn:/usr/libexec/a/relayd\n"), merged.spec().inittab());
        assertEquals(List.of("vsock"), merged.modules());
        assertTrue(merged.spec().inittab().contains("::sysinit:/sbin/modprobe -a vsock\n"));
        assertEquals(base.spec().files().size() + 1, merged.spec().files().size());
        assertEquals(base.spec().inittab().lines().count() + 2, merged.spec().inittab().lines().count());
    }

    @Test
    void nothingContributedLeavesTheSpecAndItsHash() throws IOException {
        assertEquals(base.hash("2"), SpecAssembly.merge(base, List.of()).hash("2"));
    }

    @Test
    void theImagesKeyFollowsTheContributions() throws IOException {
        String without = base.hash("2");
        OwnedContribution a = part("berth.a", "/usr/bin/a", "a1", List.of());
        OwnedContribution b = part("berth.b", "/usr/bin/b", "b", List.of());
        String both = SpecAssembly.merge(base, List.of(a, b)).hash("2");
        assertNotEquals(without, both);
        assertEquals(both, SpecAssembly.merge(base, List.of(b, a)).hash("2"), "the order of registration does not count");
        assertNotEquals(both, SpecAssembly.merge(base, List.of(a)).hash("2"), "one that leaves changes the key");
        OwnedContribution changed = part("berth.a", "/usr/bin/a", "a2", List.of());
        assertNotEquals(both, SpecAssembly.merge(base, List.of(changed, b)).hash("2"), "changed bytes change the key");
        OwnedContribution moreModules = part("berth.a", "/usr/bin/a", "a1", List.of("vsock"));
        assertNotEquals(both, SpecAssembly.merge(base, List.of(moreModules, b)).hash("2"), "a module changes the key");
    }

    @Test
    void onePathFromTwoGiversIsAnErrorNamingBoth() {
        OwnedContribution a = part("berth.a", "/usr/bin/same", "a", List.of());
        OwnedContribution b = part("berth.b", "/usr/bin/same", "b", List.of());
        IOException e = assertThrows(IOException.class, () -> SpecAssembly.merge(base, List.of(b, a)));
        assertTrue(e.getMessage().contains("/usr/bin/same") && e.getMessage().contains("berth.a")
                && e.getMessage().contains("berth.b"), e.getMessage());
        IOException spec = assertThrows(IOException.class, () -> SpecAssembly.merge(base,
                List.of(part("berth.c", "/etc/hostname", "x", List.of()))));
        assertTrue(spec.getMessage().contains("berth-guest.yaml") && spec.getMessage().contains("berth.c"), spec.getMessage());
    }

    @Test
    void oneServiceNameFromTwoGiversIsAnError() {
        IOException e = assertThrows(IOException.class, () -> SpecAssembly.merge(base,
                List.of(part("berth.d", "/opt/d/dockerd", "x", List.of()))));
        assertTrue(e.getMessage().contains("service dockerd") && e.getMessage().contains("berth.d"), e.getMessage());
    }

    @Test
    void aContributionThatCannotAnswerIsNamed() {
        OwnedContribution missing = new OwnedContribution("berth.x", new GuestContribution() {
            @Override
            public List<GuestFile> files() {
                return List.of(new GuestFile("/x", 0644, GuestFile.Contents.resource(SpecAssemblyTest.class, "/nope")));
            }
        });
        IOException e = assertThrows(IOException.class, () -> SpecAssembly.merge(base, List.of(missing)));
        assertTrue(e.getMessage().startsWith("berth.x's guest contribution: resource /nope"), e.getMessage());
    }
}
