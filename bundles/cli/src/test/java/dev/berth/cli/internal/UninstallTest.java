package dev.berth.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth uninstall}: what it says, what it asks, and that it removes only what Berth created. */
class UninstallTest {
    @TempDir
    Path dir;
    private Path home;
    private Path docker;
    private Path linkFolder;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger stops = new AtomicInteger();

    @BeforeEach
    void aUsersBerth() throws IOException {
        home = Files.createDirectories(dir.resolve("user/.berth"));
        linkFolder = Files.createDirectories(dir.resolve("user/.local/bin"));
        Files.writeString(home.resolve("settings.json"), "{\n  // mine\n  \"tools\": {\"linkInto\": \"" + linkFolder + "\"}\n}\n");
        Files.createDirectories(home.resolve("state/framework"));
        Files.write(home.resolve("state/framework/bundle.jar"), new byte[20_000]);
        Files.createDirectories(home.resolve("disks"));
        Files.write(home.resolve("disks/data.img"), new byte[100_000]);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/docker"), "docker");
        Files.createDirectories(home.resolve("extensions"));
        Files.writeString(home.resolve("extensions/disk-usage.jar"), "an extension");
        Files.createSymbolicLink(linkFolder.resolve("docker"), home.resolve("bin/docker"));
        Files.writeString(linkFolder.resolve("kubectl"), "the user's own");
        Files.createSymbolicLink(linkFolder.resolve("other"), dir.resolve("elsewhere"));
        docker = Files.createDirectories(dir.resolve("user/.docker"));
        Files.writeString(docker.resolve("config.json"), "{\"auths\": {}}");
    }

    private Uninstall uninstall(Installation.Kind kind, Optional<String> reply) {
        Installation installation = new Installation(dir.resolve("opt/berth/lib"), kind, "1.0");
        return new Uninstall(new BerthData(home, docker), installation, print(out), print(err), () -> reply,
                stops::incrementAndGet);
    }

    @Test
    void withoutPurgeItSaysHowToRemoveThePackageAndWhatStays() throws IOException {
        assertEquals(0, uninstall(Installation.Kind.PACKAGE, Optional.empty()).run(List.of()));
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("sudo apt-get remove berth"), said);
        assertTrue(said.contains(home.resolve("disks").toString()) && said.contains("berth uninstall --purge-data"), said);
        assertEquals(0, stops.get());
        assertTrue(Files.exists(home.resolve("disks/data.img")), "nothing is removed");
    }

    @Test
    void purgeListsSizesAsksAndRemovesOnlyWhatBerthCreated() throws IOException {
        Files.writeString(home.resolve("notes.txt"), "the user's own file");
        Path context = writeContext("unix://" + home.resolve("run/docker.sock"));

        assertEquals(0, uninstall(Installation.Kind.PACKAGE, Optional.of("y")).run(List.of("--purge-data")));

        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(home.resolve("disks") + "  (the VM's data disk"), said);
        assertTrue(said.contains(linkFolder.resolve("docker").toString()), said);
        assertTrue(said.contains(context.toString()), said);
        assertTrue(said.contains("Left alone") && said.contains("notes.txt"), said);
        assertTrue(said.contains("Remove these? [y/N]"), said);
        assertEquals(1, stops.get(), "Berth is stopped before its files go");
        for (String gone : List.of("settings.json", "state", "disks", "bin", "extensions")) {
            assertFalse(Files.exists(home.resolve(gone)), gone + " is removed");
        }
        assertFalse(Files.exists(context), "the docker context of this home is removed");
        assertEquals("the user's own file", Files.readString(home.resolve("notes.txt")));
        assertFalse(Files.exists(linkFolder.resolve("docker"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("the user's own", Files.readString(linkFolder.resolve("kubectl")));
        assertTrue(Files.isSymbolicLink(linkFolder.resolve("other")), "a link elsewhere stays");
        assertEquals("{\"auths\": {}}", Files.readString(docker.resolve("config.json")));
    }

    @Test
    void purgeRemovesTheHomeWhenOnlyBerthsFilesWereThere() throws IOException {
        assertEquals(0, uninstall(Installation.Kind.CHECKOUT, Optional.empty()).run(List.of("--purge-data", "--yes")));
        assertFalse(Files.exists(home));
        assertEquals(1, stops.get());
    }

    @Test
    void aRefusalOrNoAnswerRemovesNothing() throws IOException {
        assertEquals(1, uninstall(Installation.Kind.PACKAGE, Optional.of("n")).run(List.of("--purge-data")));
        assertEquals(1, uninstall(Installation.Kind.PACKAGE, Optional.empty()).run(List.of("--purge-data")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--yes"), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, stops.get());
        assertTrue(Files.exists(home.resolve("disks/data.img")));
    }

    @Test
    void aContextForAnotherHomeAndAFolderThatIsNotBerthsAreLeftAlone() throws IOException {
        Path context = writeContext("unix:///elsewhere/run/docker.sock");
        assertTrue(new BerthData(home, docker).context().isEmpty());
        assertTrue(Files.exists(context));
        Path notBerth = Files.createDirectories(dir.resolve("projects"));
        Files.writeString(notBerth.resolve("bin"), "not Berth's");
        BerthData data = new BerthData(notBerth, docker);
        assertTrue(data.refusal(dir.resolve("user")).isPresent());
        assertTrue(new BerthData(dir.resolve("user"), docker).refusal(dir.resolve("user")).isPresent(),
                "BERTH_HOME set to the user's home is never purged");
        Uninstall u = new Uninstall(data, new Installation(dir, Installation.Kind.JARS, ""), print(out), print(err),
                () -> Optional.of("y"), stops::incrementAndGet);
        assertEquals(1, u.run(List.of("--purge-data", "--yes")));
        assertEquals("not Berth's", Files.readString(notBerth.resolve("bin")));
        assertEquals(0, stops.get());
    }

    @Test
    void sizesReadForPeople() {
        assertEquals("512 B", Uninstall.size(512));
        assertEquals("1.5 KiB", Uninstall.size(1536));
        assertEquals("2.0 GiB", Uninstall.size(2L << 30));
    }

    private Path writeContext(String host) throws IOException {
        Path dirOf = Files.createDirectories(docker.resolve("contexts/meta").resolve(sha256("berth")));
        Files.writeString(dirOf.resolve("meta.json"), "{\n  \"Name\" : \"berth\",\n  \"Endpoints\" : {\"docker\" : {\"Host\" : \""
                + host + "\"}}\n}");
        return dirOf;
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
