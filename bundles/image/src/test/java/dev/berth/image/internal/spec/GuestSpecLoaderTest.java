package dev.berth.image.internal.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestSpecLoaderTest {
    private static final String GOOD = """
            version: 1
            kernel:
              package: linux-image-cloud-amd64
              cmdline: console=ttyS0
            init:
              script: init
              modules: [virtio_blk]
            system:
              label: sys
              packages: [busybox-static]
            files:
              - {path: /etc/hostname, contents: "x\\n"}
            onboot: [/etc/rc]
            services:
              - {name: d, command: /bin/d}
            onshutdown: [/etc/rk]
            debian:
              mirror: http://deb.debian.org/debian
              suite: testing
            """;

    private static IOException broken(String yaml) {
        return assertThrows(IOException.class, () -> GuestSpecLoader.parse("spec.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAGoodSpecAndGeneratesItsInittab() throws IOException {
        GuestSpec spec = GuestSpecLoader.parse("spec.yaml", GOOD.getBytes(StandardCharsets.UTF_8));
        assertEquals("linux-image-cloud-amd64", spec.kernel().packageName());
        assertEquals(0644, spec.files().getFirst().permissions());
        assertTrue(spec.inittab().contains("::sysinit:/etc/rc\n::respawn:/bin/d\n"), spec.inittab());
        assertTrue(spec.inittab().contains("::shutdown:/etc/rk\n"), spec.inittab());
    }

    @Test
    void theDebianArchiveDefaultsToMainAndDebiansKeyring() throws IOException {
        GuestSpec.Debian debian = GuestSpecLoader.parse("spec.yaml", GOOD.getBytes(StandardCharsets.UTF_8)).debian();
        assertEquals("testing", debian.suite());
        assertEquals(java.util.List.of("main"), debian.components());
        assertEquals("/usr/share/keyrings/debian-archive-keyring.gpg", debian.keyring());
    }

    @Test
    void aMirrorThatIsNoUrlIsRefusedWithItsLine() {
        IOException e = broken(GOOD.replace("mirror: http://deb.debian.org/debian", "mirror: deb.debian.org"));
        assertTrue(e.getMessage().startsWith("spec.yaml line 17:"), e.getMessage());
        assertTrue(e.getMessage().contains("debian.mirror must be an http, https or file URL"), e.getMessage());
    }

    @Test
    void anUnknownFieldNamesItsLineAndTheExpectedFields() {
        IOException e = broken(GOOD.replace("  label: sys", "  label: sys\n  pakages: [x]"));
        assertTrue(e.getMessage().startsWith("spec.yaml line 10: unknown field 'pakages'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected one of:") && e.getMessage().contains("packages"), e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        IOException e = broken(GOOD.replace("  cmdline: console=ttyS0\n", ""));
        assertTrue(e.getMessage().contains("cmdline"), e.getMessage());
        assertTrue(e.getMessage().startsWith("spec.yaml line "), e.getMessage());
    }

    @Test
    void aWrongTypeNamesItsLine() {
        IOException e = broken(GOOD.replace("  modules: [virtio_blk]", "  modules: {a: b}"));
        assertTrue(e.getMessage().startsWith("spec.yaml line 7:"), e.getMessage());
    }

    @Test
    void aFileEntryMustSayWhatItIs() {
        IOException e = broken(GOOD.replace("{path: /etc/hostname, contents: \"x\\n\"}", "{path: /etc/hostname}"));
        assertTrue(e.getMessage().contains("needs exactly one of source, contents or directory"), e.getMessage());
        assertTrue(e.getMessage().startsWith("spec.yaml line 12:"), e.getMessage());
    }

    @Test
    void badYamlSyntaxNamesItsLine() {
        IOException e = broken(GOOD.replace("  script: init", "  script: [init"));
        assertTrue(e.getMessage().startsWith("spec.yaml line "), e.getMessage());
    }

    @Test
    void aSpecOnDiskNeedsTheFilesItNames(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("guest.yaml");
        Files.writeString(spec, GOOD);
        IOException e = assertThrows(IOException.class, () -> SpecSource.file(spec));
        assertEquals("guest.yaml: the file init it names is missing", e.getMessage());
        Files.writeString(dir.resolve("init"), "#!/bin/sh\n");
        SpecSource source = SpecSource.file(spec);
        assertTrue(source.lock().isEmpty());
        assertEquals(dir.resolve("guest.lock"), source.lockAt().orElseThrow());
        String before = source.hash("1");
        Files.writeString(dir.resolve("init"), "#!/bin/sh\necho changed\n");
        assertTrue(!before.equals(SpecSource.file(spec).hash("1")), "a changed source changes the hash");
    }
}
