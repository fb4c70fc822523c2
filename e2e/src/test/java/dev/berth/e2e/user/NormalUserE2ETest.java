package dev.berth.e2e.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.BerthCli.Result;
import dev.berth.e2e.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Berth as a normal user (not root, in no special group): start, a container with a published port and a
 * bind-mounted folder of the user's home, ownership and permissions on the share, read-only shares, change events
 * in a watching container, the dashboard, saved state.
 */
@Order(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NormalUserE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final String IMAGE = "berth-test/busybox:1";
    private static TestUser user;
    private static Path work;
    private static Path readOnly;

    @BeforeAll
    static void startAsTheUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "creating a user (useradd) needs root");
        // the shared root Berth of the other suites would compete for the two cores: stop it (it saves its VM)
        BerthCli.run(Duration.ofMinutes(3), "stop");
        user = TestUser.create();
        work = Files.createDirectories(user.home.resolve("work"));
        readOnly = Files.createDirectories(user.home.resolve("reference"));
        Files.writeString(readOnly.resolve("notes.txt"), "keep\n");
        Files.writeString(work.resolve("edit-me.txt"), "host\n");
        BerthCli.exec(List.of("chown", "-R", user.uid + ":" + user.gid, user.home.toString()), null, T, Map.of());
        int dashboard = TestUser.freePort();
        Files.createDirectories(user.berthHome);
        Files.writeString(user.berthHome.resolve("settings.json"), "{\n  \"dashboard\": {\"port\": " + dashboard
                + "},\n  \"fileSharing\": {\"shares\": [\"~\", \"~/reference:ro\"]}\n}\n");
        BerthCli.exec(List.of("chown", "-R", user.uid + ":" + user.gid, user.berthHome.toString()), null, T, Map.of());
        Result start = user.berth(Duration.ofMinutes(15), "start");
        assertEquals(0, start.code(), start.all());
        Result imported = user.docker(Duration.ofMinutes(3), "import", "--change", "CMD [\"/bin/sh\"]",
                TestImages.busyboxTar().toString(), IMAGE);
        assertEquals(0, imported.code(), imported.all());
    }

    @AfterAll
    static void stopAndRemoveTheUser() throws Exception {
        if (user == null) return;
        try {
            user.berth(Duration.ofMinutes(3), "stop");
        } finally {
            TestUser.remove();
        }
    }

    @Test
    @Order(1)
    void everyPartRunsAsTheUser() throws Exception {
        Result status = user.berth(T, "status");
        assertEquals(0, status.code(), status.all());
        for (String subsystem : List.of("vm", "engine", "network", "filesharing", "dashboard")) {
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith(subsystem) && l.contains("running")),
                    subsystem + " runs: " + status.out());
        }
        Result ps = BerthCli.exec(List.of("ps", "-o", "user:32=,args=", "-u", TestUser.NAME), null, T, Map.of());
        assertTrue(ps.out().contains("qemu-system") && ps.out().contains("berth-virtiofs.jar"), ps.out());
    }

    @Test
    @Order(2)
    void aPublishedPortAnswersOnLocalhost() throws Exception {
        int port = user.serveFolder(T, "web", work, IMAGE);
        Files.writeString(work.resolve("index.html"), "from the user's home\n");
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 50 && !body.contains("user's home"); i++) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        assertEquals("from the user's home\n", body);
        user.docker(T, "rm", "-f", "web");
    }

    @Test
    @Order(3)
    void filesAContainerCreatesBelongToTheUserWhateverItsUid() throws Exception {
        for (String uid : List.of("0", "1000", "65534")) {
            Result r = user.docker(T, "run", "--rm", "-u", uid + ":" + uid, "-v", work + ":/w", IMAGE, "sh", "-c",
                    "echo made > /w/file-" + uid + " && mkdir /w/dir-" + uid + " && ls -ln /w/file-" + uid);
            assertEquals(0, r.code(), "uid " + uid + ": " + r.all());
            assertTrue(r.out().matches("(?s)-rw-r--r-- +1 " + uid + " +" + uid + " .*"),
                    "the container sees its own file as its own: " + r.out());
            for (String name : List.of("file-" + uid, "dir-" + uid)) {
                Path made = work.resolve(name);
                assertEquals(user.uid, ((Number) Files.getAttribute(made, "unix:uid")).longValue(), name);
                assertEquals(user.gid, ((Number) Files.getAttribute(made, "unix:gid")).longValue(), name);
            }
        }
    }

    @Test
    @Order(4)
    void aNonRootContainerEditsTheUsersFilesAsTheOwnerCould() throws Exception {
        Files.setPosixFilePermissions(work.resolve("edit-me.txt"), Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        Result r = user.docker(T, "run", "--rm", "-u", "1000:1000", "-v", work + ":/w", IMAGE, "sh", "-c",
                "echo container >> /w/edit-me.txt && ls -ln /w/edit-me.txt");
        assertEquals(0, r.code(), r.all());
        assertEquals("host\ncontainer\n", Files.readString(work.resolve("edit-me.txt")));
    }

    @Test
    @Order(5)
    void noContainerPlantsSetuidFilesOrDeviceNodes() throws Exception {
        Result r = user.docker(T, "run", "--rm", "-v", work + ":/w", IMAGE, "sh", "-c",
                "cp /bin/busybox /w/suid && chmod 4755 /w/suid; chmod 2755 /w/suid; mkdir -m 2775 /w/sgid-dir; "
                        + "mknod /w/null c 1 3; echo mknod=$?");
        assertTrue(r.out().contains("mknod=1"), "mknod of a device fails: " + r.all());
        assertFalse(Files.exists(work.resolve("null"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "no device node");
        int mode = (Integer) Files.getAttribute(work.resolve("suid"), "unix:mode");
        assertEquals(0, mode & 06000, "no setuid or setgid bit on the host: " + Integer.toOctalString(mode));
        int dirMode = (Integer) Files.getAttribute(work.resolve("sgid-dir"), "unix:mode");
        assertEquals(0, dirMode & 06000, "no setgid folder on the host: " + Integer.toOctalString(dirMode));
    }

    @Test
    @Order(6)
    void aReadOnlyShareRefusesWrites() throws Exception {
        Result r = user.docker(T, "run", "--rm", "-v", readOnly + ":/r", IMAGE, "sh", "-c",
                "cat /r/notes.txt; echo x > /r/new.txt");
        assertTrue(r.out().contains("keep"), r.all());
        assertTrue(r.err().contains("Read-only file system"), r.all());
        assertFalse(Files.exists(readOnly.resolve("new.txt")));
    }

    @Test
    @Order(7)
    void aLowPortSaysWhyItCannotBePublished() throws Exception {
        assumeTrue(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).getFirst()) > 80,
                "this host lets every user bind port 80");
        Result r = user.docker(T, "run", "--rm", "-p", "80:80", IMAGE, "true");
        assertTrue(r.err().contains("permission denied") && !r.err().contains("already allocated"), r.all());
    }

    @Test
    @Order(8)
    void aWatchingContainerSeesHostCreatesRenamesAndRemovals() throws Exception {
        Path context = TestImages.staticToolContext(IMAGE, "inotify-watch",
                Files.createDirectories(user.home.resolve("watch-image")));
        Path app = Files.createDirectories(work.resolve("app/src"));
        BerthCli.exec(List.of("chown", "-R", user.uid + ":" + user.gid, context.toString(), work.resolve("app").toString()),
                null, T, Map.of());
        Result built = user.docker(Duration.ofMinutes(3), "build", "-q", "-t", "berth-test/inotify-watch:1", context.toString());
        assertEquals(0, built.code(), built.all());
        Result run = user.docker(T, "run", "-d", "--name", "watch", "-v", work.resolve("app") + ":/app",
                "berth-test/inotify-watch:1", "inotify-watch", "/app/src");
        assertEquals(0, run.code(), run.all());
        try {
            awaitLog("WATCHING", Duration.ofSeconds(30));
            awaitTrue(() -> user.berth(T, "shares").out().matches("(?s).*watching [1-9].*"), Duration.ofSeconds(10),
                    "Berth watches the mounted folder");
            Duration second = Duration.ofSeconds(1);
            Files.writeString(app.resolve("main.js"), "export {}\n");
            awaitLog("CREATE /app/src/main.js", second);
            Files.move(app.resolve("main.js"), app.resolve("index.js"));
            awaitLog("MOVED_FROM /app/src/main.js", second);
            awaitLog("MOVED_TO /app/src/index.js", second);
            Files.delete(app.resolve("index.js"));
            awaitLog("DELETE /app/src/index.js", second);
        } finally {
            user.docker(T, "rm", "-f", "watch");
        }
    }

    @Test
    @Order(9)
    void theDashboardOpensWithItsOneTimeAddress() throws Exception {
        HttpResponse<String> page = user.openDashboard(T);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<title>Berth</title>"), page.body());
    }

    private static void awaitLog(String text, Duration timeout) throws Exception {
        awaitTrue(() -> user.docker(T, "logs", "watch").out().contains(text), timeout, "the watcher printed " + text);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "\nwatcher log:\n"
                        + user.docker(T, "logs", "watch").all());
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Order(10)
    void stopSavesTheVmAndStartResumesIt() throws Exception {
        Result stop = user.berth(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        Result start = user.berth(Duration.ofMinutes(5), "start");
        assertEquals(0, start.code(), start.all());
        Result status = user.berth(T, "status");
        assertTrue(status.out().contains("boot=resumed"), status.out());
        Result r = user.docker(T, "run", "--rm", "-v", work + ":/w", IMAGE, "cat", "/w/edit-me.txt");
        assertEquals("host\ncontainer\n", r.out(), r.all());
    }
}
