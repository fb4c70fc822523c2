package dev.berth.vm.internal.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import dev.berth.vm.internal.spec.GuestSpec;
import dev.berth.vm.internal.spec.SpecSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuestAssemblyTest {
    private static SpecSource base;

    @BeforeAll
    static void readSpec() throws IOException {
        base = SpecSource.bundled();
    }

    /** A contribution of one file and the service that runs it, and optionally daemon.json keys and modules. */
    private static Contributed part(String owner, String path, String text, Map<String, Object> keys, List<String> modules) {
        return new Contributed(owner, new GuestContribution() {
            @Override
            public List<GuestFile> files() {
                return List.of(new GuestFile(path, 0755, GuestFile.Contents.bytes(text.getBytes(StandardCharsets.UTF_8))));
            }

            @Override
            public List<GuestService> services() {
                return List.of(new GuestService(path.substring(path.lastIndexOf('/') + 1), path));
            }

            @Override
            public Map<String, Object> daemonJson() {
                return keys;
            }

            @Override
            public List<String> kernelModules() {
                return modules;
            }
        });
    }

    @Test
    void contributedFilesServicesAndModulesJoinTheSpec() throws IOException {
        SpecSource merged = GuestAssembly.merge(base, List.of(part("berth.a", "/usr/libexec/a/relayd", "#!/bin/sh\n",
                Map.of(), List.of("vsock"))));
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
        assertEquals(base.hash("2"), GuestAssembly.merge(base, List.of()).hash("2"));
    }

    @Test
    void theImagesKeyFollowsTheContributions() throws IOException {
        String without = base.hash("2");
        Contributed a = part("berth.a", "/usr/bin/a", "a1", Map.of(), List.of());
        Contributed b = part("berth.b", "/usr/bin/b", "b", Map.of(), List.of());
        String both = GuestAssembly.merge(base, List.of(a, b)).hash("2");
        assertNotEquals(without, both);
        assertEquals(both, GuestAssembly.merge(base, List.of(b, a)).hash("2"), "the order of registration does not count");
        assertNotEquals(both, GuestAssembly.merge(base, List.of(a)).hash("2"), "one that leaves changes the key");
        Contributed changed = part("berth.a", "/usr/bin/a", "a2", Map.of(), List.of());
        assertNotEquals(both, GuestAssembly.merge(base, List.of(changed, b)).hash("2"), "changed bytes change the key");
        Contributed moreModules = part("berth.a", "/usr/bin/a", "a1", Map.of(), List.of("vsock"));
        assertNotEquals(both, GuestAssembly.merge(base, List.of(moreModules, b)).hash("2"), "a module changes the key");
    }

    @Test
    void onePathFromTwoGiversIsAnErrorNamingBoth() {
        Contributed a = part("berth.a", "/usr/bin/same", "a", Map.of(), List.of());
        Contributed b = part("berth.b", "/usr/bin/same", "b", Map.of(), List.of());
        IOException e = assertThrows(IOException.class, () -> GuestAssembly.merge(base, List.of(b, a)));
        assertTrue(e.getMessage().contains("/usr/bin/same") && e.getMessage().contains("berth.a")
                && e.getMessage().contains("berth.b"), e.getMessage());
        IOException spec = assertThrows(IOException.class, () -> GuestAssembly.merge(base,
                List.of(part("berth.c", "/etc/hostname", "x", Map.of(), List.of()))));
        assertTrue(spec.getMessage().contains("berth-guest.yaml") && spec.getMessage().contains("berth.c"), spec.getMessage());
    }

    @Test
    void oneServiceNameFromTwoGiversIsAnError() {
        IOException e = assertThrows(IOException.class, () -> GuestAssembly.merge(base,
                List.of(part("berth.d", "/opt/d/dockerd", "x", Map.of(), List.of()))));
        assertTrue(e.getMessage().contains("service dockerd") && e.getMessage().contains("berth.d"), e.getMessage());
    }

    @Test
    void daemonJsonKeysMergeAndAClashNamesBothGivers() throws IOException {
        Contributed a = part("berth.a", "/a", "", Map.of("userland-proxy", false), List.of());
        Contributed b = part("berth.b", "/b", "", Map.of("debug", true), List.of());
        assertEquals(Map.of("userland-proxy", false, "debug", true), GuestAssembly.daemonJson(List.of(a, b)));
        Contributed c = part("berth.c", "/c", "", Map.of("debug", false), List.of());
        IOException e = assertThrows(IOException.class, () -> GuestAssembly.daemonJson(List.of(c, a, b)));
        assertEquals("the daemon.json key debug is given by both berth.b and berth.c", e.getMessage());
    }

    @Test
    void aContributionThatCannotAnswerIsNamed() {
        Contributed broken = new Contributed("berth.engine", new GuestContribution() {
            @Override
            public Map<String, Object> daemonJson() {
                throw new IllegalStateException("engine.daemonJson must be a JSON object");
            }
        });
        IOException e = assertThrows(IOException.class, () -> GuestAssembly.daemonJson(List.of(broken)));
        assertEquals("berth.engine's guest contribution: engine.daemonJson must be a JSON object", e.getMessage());
        Contributed missing = new Contributed("berth.x", new GuestContribution() {
            @Override
            public List<GuestFile> files() {
                return List.of(new GuestFile("/x", 0644, GuestFile.Contents.resource(GuestAssemblyTest.class, "/nope")));
            }
        });
        assertThrows(IOException.class, () -> GuestAssembly.merge(base, List.of(missing)));
    }
}
