package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Host folders bind-mounted into containers through Berth's shares, refusals, change events and berth shares. */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileSharingE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    /** Inside the default share of the system temp folder, with a space and non-ASCII letters in its name. */
    private static Path work;
    private static String image;

    @BeforeAll
    static void berth() throws Exception {
        SharedBerth.ensureRunning();
        image = TestImages.busybox();
        work = Files.createTempDirectory(Path.of("/tmp"), "berth e2e shäre ");
    }

    @AfterAll
    static void cleanup() throws Exception {
        SharedBerth.docker(T, "rm", "-f", "fs-watch", "fs-watch-kinds");
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Result docker(String... args) throws Exception {
        Result r = SharedBerth.docker(T, args);
        assertEquals(0, r.code(), r.all());
        return r;
    }

    @Test
    @Order(1)
    void aSharedFolderIsReadAndWrittenBothWaysWithItsOwnNames() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dir with space/ünïcødé"));
        Files.writeString(dir.resolve("from host.txt"), "written on the host\n");
        Result r = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c",
                "cat '/src/dir with space/ünïcødé/from host.txt' && echo 'written in a container' > '/src/dir with space/née.txt'"
                        + " && mkdir /src/made-in-container && ln -s 'dir with space/née.txt' /src/link"
                        + " && mv '/src/dir with space/ünïcødé/from host.txt' '/src/dir with space/renamed.txt'");
        assertEquals("written on the host\n", r.out());
        Path written = work.resolve("dir with space/née.txt");
        assertEquals("written in a container\n", Files.readString(written));
        assertTrue(Files.isDirectory(work.resolve("made-in-container")));
        assertEquals(Path.of("dir with space/née.txt"), Files.readSymbolicLink(work.resolve("link")));
        assertEquals("written in a container\n", Files.readString(work.resolve("link")));
        assertFalse(Files.exists(dir.resolve("from host.txt")));
        assertEquals("written on the host\n", Files.readString(work.resolve("dir with space/renamed.txt")));
        int hostUser = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(hostUser, Files.getAttribute(written, "unix:uid"), "a file made in a container belongs to the host user");
        Files.createSymbolicLink(work.resolve("host-link"), Path.of("made-in-container"));
        Result seen = docker("run", "--rm", "-v", work + ":/src", image, "readlink", "/src/host-link");
        assertEquals("made-in-container", seen.out().strip());
    }

    @Test
    @Order(2)
    void largeFilesAndManySmallFilesCrossIntact() throws Exception {
        Path big = work.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 96; i++) {
                out.write(block);
                sha.update(block);
            }
        }
        String expected = HexFormat.of().formatHex(sha.digest());
        Result sum = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c",
                "sha256sum /src/big.bin && cp /src/big.bin /src/copy.bin && for i in $(seq 1 500); do echo $i > /src/small-$i; done");
        assertTrue(sum.out().startsWith(expected), sum.all());
        assertArrayEquals(sha256(big), sha256(work.resolve("copy.bin")), "the container's copy matches on the host");
        try (Stream<Path> small = Files.list(work)) {
            assertEquals(500, small.filter(p -> p.getFileName().toString().startsWith("small-")).count());
        }
        assertEquals("377\n", Files.readString(work.resolve("small-377")));
        Result count = docker("run", "--rm", "-v", work + ":/src", image, "sh", "-c", "rm /src/small-* && ls /src | wc -l");
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(Long.parseLong(count.out().strip()), left.count(), "the host sees the deletions");
        }
    }

    @Test
    @Order(3)
    void aPathOutsideEveryShareIsRefusedWithTheSettingAndNoContainerIsMade() throws Exception {
        Path outside = Path.of("/srv/berth-e2e-unshared-" + ProcessHandle.current().pid(), "src");
        String name = "fs-refused-" + ProcessHandle.current().pid();
        Result r = SharedBerth.docker(T, "run", "--rm", "--name", name, "-v", outside + ":/src", image, "true");
        assertEquals(125, r.code(), r.all());
        assertTrue(r.err().contains("Error response from daemon: Mounts denied") && r.err().contains(outside.toString())
                && r.err().contains("fileSharing.shares") && r.err().contains("berth shares add"), r.all());
        Result listed = docker("ps", "-a", "--filter", "name=" + name, "-q");
        assertEquals("", listed.out().strip(), "the engine never got the create, so no container exists");
    }

    /** Requests that name an unshared host path in ways the docker CLI never sends, straight on the socket. */
    @Test
    @Order(3)
    void everyOtherWayToBindAnUnsharedPathIsRefusedToo() throws Exception {
        String outside = "/srv/berth-e2e-unshared-" + ProcessHandle.current().pid();
        String name = "fs-bypass-" + ProcessHandle.current().pid();
        String bind = "\"" + outside + ":/x\"";
        String localBind = "{\"type\":\"none\",\"o\":\"bind\",\"device\":\"" + outside + "\"}";
        String created = docker("create", "--name", name + "-plain", image, "true").out().strip();
        try {
            Map<String, String> requests = new LinkedHashMap<>();
            requests.put("/v1.41/containers/create?name=" + name + "-a",
                    "{\"image\":\"" + image + "\",\"hostconfig\":{\"binds\":[" + bind + "]}}");
            requests.put("/v1.41/containers/%63reate?name=" + name + "-b",
                    "{\"Image\":\"" + image + "\",\"HostConfig\":{\"Binds\":[" + bind + "]}}");
            requests.put("http://docker/v1.41/containers/create?name=" + name + "-c",
                    "{\"Image\":\"" + image + "\",\"HostConfig\":{\"Binds\":[" + bind + "]}}");
            requests.put("/v1.23/containers/" + created + "/start", "{\"Binds\":[" + bind + "]}");
            requests.put("/v1.41/volumes/create", "{\"Name\":\"" + name + "\",\"DriverOpts\":" + localBind + "}");
            requests.put("/v1.41/containers/create?name=" + name + "-d", "{\"Image\":\"" + image + "\",\"HostConfig\":"
                    + "{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"DriverConfig\":"
                    + "{\"Name\":\"local\",\"Options\":" + localBind + "}}}]}}");
            requests.put("/v1.41/services/create", "{\"Name\":\"" + name + "\",\"TaskTemplate\":{\"ContainerSpec\":"
                    + "{\"Image\":\"" + image + "\",\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + outside
                    + "\",\"Target\":\"/x\"}]}}}");
            for (Map.Entry<String, String> request : requests.entrySet()) {
                UnixHttp.Answer a = post(request.getKey(), request.getValue());
                assertEquals(400, a.status(), request + " -> " + a);
                assertTrue(a.body().startsWith("{\"message\":\"Mounts denied: the path " + outside), request + " -> " + a);
            }
            UnixHttp.Answer broken = post("/v1.41/containers/create?name=" + name + "-e", "{\"HostConfig\":{\"Binds\":[");
            assertEquals(400, broken.status(), broken.toString());
            assertTrue(broken.body().contains("invalid JSON"), broken.toString());
            assertEquals(created, docker("ps", "-a", "--filter", "name=" + name, "-q", "--no-trunc").out().strip(),
                    "no refused container was made");
            assertEquals("created", docker("inspect", "-f", "{{.State.Status}}", created).out().strip(),
                    "the refused start did not start the container");
            assertEquals("", docker("volume", "ls", "-q", "--filter", "name=" + name).out().strip(), "no volume was made");
        } finally {
            for (String id : SharedBerth.docker(T, "ps", "-a", "-q", "--filter", "name=" + name).out().split("\\s+")) {
                if (!id.isBlank()) SharedBerth.docker(T, "rm", "-f", id);
            }
            SharedBerth.docker(T, "volume", "rm", "-f", name);
            SharedBerth.docker(T, "service", "rm", name);
        }
    }

    private static UnixHttp.Answer post(String target, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return UnixHttp.exchange(BerthCli.HOME.resolve("run").resolve("docker.sock"), request);
    }

    @Test
    @Order(4)
    void hostChangesRaiseInotifyEventsInAWatchingContainer() throws Exception {
        String watcher = TestImages.inotifyWatch();
        Path watched = Files.createDirectories(work.resolve("watched"));
        Files.writeString(watched.resolve("app.js"), "v1\n");
        docker("run", "-d", "--name", "fs-watch", "-v", work + ":/src", watcher, "inotify-watch", "/src/watched");
        awaitLog("WATCHING", Duration.ofSeconds(30));
        // The host learns which folders containers mount from the guest; give it a moment to start watching.
        awaitTrue(() -> BerthCli.run(T, "shares").out().matches("(?s).*watching [1-9].*"), Duration.ofSeconds(10),
                "Berth watches the mounted folder");
        long edit = System.nanoTime();
        Files.writeString(watched.resolve("app.js"), "v2\n");
        awaitLog("CLOSE_WRITE /src/watched/app.js", Duration.ofSeconds(3));
        long millis = (System.nanoTime() - edit) / 1_000_000;
        Files.writeString(watched.resolve("new.js"), "new\n");
        awaitLog("/src/watched/new.js", Duration.ofSeconds(3));
        Files.delete(watched.resolve("new.js"));
        awaitLog("DELETE /src/watched/new.js", Duration.ofSeconds(3));
        assertTrue(millis < 2000, "the edit was seen " + millis + " ms later");
        System.out.println("host edit seen by the container's inotify after " + millis + " ms (including docker logs)");
    }

    /**
     * What watchers such as vite, webpack, nodemon and jest rely on: host-side creates, renames, writes and removals
     * reach a container's inotify as the events a change made in the container gives, each within a second.
     */
    @Test
    @Order(4)
    void hostCreatesRenamesWritesAndRemovalsAreTheEventsALocalChangeGives() throws Exception {
        String watcher = TestImages.inotifyWatch();
        Path src = Files.createDirectories(work.resolve("kinds/src"));
        Path lib = Files.createDirectories(work.resolve("kinds/lib"));
        docker("run", "-d", "--name", "fs-watch-kinds", "-v", work.resolve("kinds") + ":/app", watcher,
                "inotify-watch", "/app/src", "/app/lib");
        awaitLog("fs-watch-kinds", "WATCHING", Duration.ofSeconds(30));
        awaitTrue(() -> BerthCli.run(T, "shares").out().matches("(?s).*watching [1-9].*"), Duration.ofSeconds(10),
                "Berth watches the mounted folder");
        Duration second = Duration.ofSeconds(1);

        Files.writeString(src.resolve("new.js"), "export {}\n");
        awaitLog("fs-watch-kinds", "CREATE /app/src/new.js", second);

        Files.move(src.resolve("new.js"), lib.resolve("moved.js"));
        awaitLog("fs-watch-kinds", "MOVED_TO /app/lib/moved.js", second);
        String log = SharedBerth.docker(T, "logs", "fs-watch-kinds").out();
        Matcher from = Pattern.compile("MOVED_FROM /app/src/new.js cookie=(\\d+)").matcher(log);
        Matcher to = Pattern.compile("MOVED_TO /app/lib/moved.js cookie=(\\d+)").matcher(log);
        assertTrue(from.find() && to.find(), log);
        assertEquals(from.group(1), to.group(1), "one cookie pairs the rename's halves\n" + log);

        Files.writeString(lib.resolve("moved.js"), "export const x = 1;\n", StandardOpenOption.APPEND);
        awaitLog("fs-watch-kinds", "MODIFY /app/lib/moved.js", second);
        awaitLog("fs-watch-kinds", "CLOSE_WRITE /app/lib/moved.js", second);
        assertEquals("export {}\nexport const x = 1;\n", Files.readString(lib.resolve("moved.js")),
                "replaying the write changed nothing on the host");

        Files.delete(lib.resolve("moved.js"));
        awaitLog("fs-watch-kinds", "DELETE /app/lib/moved.js", second);
        Files.createDirectory(src.resolve("components"));
        awaitLog("fs-watch-kinds", "CREATE /app/src/components", second);
    }

    @Test
    @Order(5)
    void sharesAreAddedAndRemovedWhileContainersKeepRunning() throws Exception {
        Path extra = Files.createDirectories(Path.of("/srv/berth-e2e-share-" + ProcessHandle.current().pid()));
        try {
            Files.writeString(extra.resolve("f"), "shared later\n");
            Result add = BerthCli.run(T, "shares", "add", extra.toString());
            assertEquals(0, add.code(), add.all());
            assertTrue(add.out().contains("applied live"), add.all());
            assertEquals("shared later\n", docker("run", "--rm", "-v", extra + ":/x", image, "cat", "/x/f").out());
            assertTrue(BerthCli.run(T, "shares").out().contains(extra + "  "), "listed");
            Result remove = BerthCli.run(T, "shares", "remove", extra.toString());
            assertEquals(0, remove.code(), remove.all());
            assertTrue(remove.out().contains("applied live"), remove.all());
            Result refused = SharedBerth.docker(T, "run", "--rm", "-v", extra + ":/x", image, "true");
            assertTrue(refused.code() == 125 && refused.err().contains("Mounts denied"), refused.all());
            assertEquals("true", docker("inspect", "-f", "{{.State.Running}}", "fs-watch").out().strip(),
                    "a container using another share kept running");
        } finally {
            BerthCli.run(T, "shares", "remove", extra.toString());
            try (Stream<Path> all = Files.walk(extra)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(6)
    void theGuestIsToldHowManyFilesTheFileServerMayHoldOpenWithEveryMountReport() throws Exception {
        // Without the budget the guest caches an inode per file a container touches, each an open descriptor in
        // the file server, until creating a file fails with "Too many open files". An agent that restarts, or
        // opens its port after the host's greeting, starts without one: every mount report gets it again.
        awaitTrue(() -> budget().matches("[1-9][0-9]*"), T, "the guest's fsevents agent holds a budget");
        docker("run", "--rm", "--privileged", "--pid", "host", image,
                "nsenter", "-t", "1", "-m", "--", "rm", "-f", "/run/berth-fsevents.budget");
        assertEquals("", budget());
        // a folder no other container mounts, so that the guest's mount report changes
        Path folder = Files.createDirectories(work.resolve("budget"));
        docker("run", "-d", "--name", "fs-budget", "-v", folder + ":/budget", image, "sleep", "600");
        try {
            awaitTrue(() -> budget().matches("[1-9][0-9]*"), T, "the next mount report brought the budget back");
        } finally {
            SharedBerth.docker(T, "rm", "-f", "fs-budget");
        }
    }

    @Test
    @Order(7)
    void aContainersOwnChangesAreNotReplayedBackIntoTheGuest() throws Exception {
        String watcher = TestImages.inotifyWatch();
        Path echo = Files.createDirectories(work.resolve("echo"));
        docker("run", "-d", "--name", "fs-watch-echo", "-v", echo + ":/echo", watcher, "inotify-watch", "/echo");
        try {
            awaitLog("fs-watch-echo", "WATCHING", Duration.ofSeconds(30));
            Files.writeString(echo.resolve("ready.txt"), "host\n");
            awaitLog("fs-watch-echo", "CREATE /echo/ready.txt", Duration.ofSeconds(10));
            long[] before = replayCounts();
            docker("run", "--rm", "-v", echo + ":/echo", image, "sh", "-c",
                    "i=0; while [ $i -lt 200 ]; do echo x > /echo/f$i; i=$((i + 1)); done; mkdir /echo/d; mv /echo/f0 /echo/d/");
            awaitTrue(() -> replayCounts()[1] - before[1] >= 200, Duration.ofSeconds(10),
                    "the container's 202 changes are known as its own: " + BerthCli.run(T, "shares").out());
            long[] after = replayCounts();
            assertTrue(after[0] - before[0] < 20, "replayed back: " + (after[0] - before[0]));
            Files.writeString(echo.resolve("from-host.txt"), "host\n");
            awaitLog("fs-watch-echo", "CREATE /echo/from-host.txt", Duration.ofSeconds(1));
        } finally {
            SharedBerth.docker(T, "rm", "-f", "fs-watch-echo");
        }
    }

    /** The change forwarder's counts: changes replayed into the guest, and the guest's own not replayed back. */
    private static long[] replayCounts() throws Exception {
        String shares = BerthCli.run(T, "shares").out();
        Matcher m = Pattern.compile("(\\d+) change\\(s\\) replayed, (\\d+) of the guest's own").matcher(shares);
        assertTrue(m.find(), shares);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** The guest agent's budget file, empty when it has none. */
    private static String budget() throws Exception {
        return SharedBerth.docker(T, "run", "--rm", "--privileged", "--pid", "host", image, "nsenter", "-t", "1",
                "-m", "--", "sh", "-c", "cat /run/berth-fsevents.budget 2>/dev/null").out().strip();
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    private static void awaitLog(String text, Duration timeout) throws Exception {
        awaitLog("fs-watch", text, timeout);
    }

    private static void awaitLog(String container, String text, Duration timeout) throws Exception {
        awaitTrue(() -> SharedBerth.docker(T, "logs", container).out().contains(text), timeout,
                container + " printed '" + text + "'");
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                String log = SharedBerth.docker(T, "logs", "fs-watch").out();
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "\nwatcher log:\n" + log
                        + "\nberth shares:\n" + BerthCli.run(T, "shares").out());
            }
            Thread.sleep(50);
        }
    }
}
