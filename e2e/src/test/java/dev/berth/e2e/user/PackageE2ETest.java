package dev.berth.e2e.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.BerthCli.Result;
import dev.berth.e2e.RequestLoop;
import dev.berth.e2e.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged app: the .deb installed with {@code apt-get install ./berth_*.deb}, used by a newly created normal
 * user through the {@code berth} on the PATH (start, a published port, a bind-mounted folder of the user's home,
 * status, stop), then removed, which takes the program away and leaves the user's {@code ~/.berth}; installed again,
 * {@code berth uninstall --purge-data} stops that user's Berth and removes what it made, and only that. One class of
 * about 340 lines because it tells one story in order: each step needs the package, the user and the running Berth
 * that the steps before it left.
 */
@Order(70)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final String IMAGE = "berth-test/busybox:1";
    private static final Path TARGET = BerthCli.SOURCE.resolve("distribution/target");
    private static TestUser user;
    private static Path site;

    @BeforeAll
    static void installAndStartAsANewUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installing a package and useradd need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "this machine installs Debian packages");
        // the shared root Berth of the other suites would compete for the two cores: stop it (it saves its VM)
        BerthCli.run(Duration.ofMinutes(3), "stop");
        Path deb = PackageBuild.deb(TARGET);
        removePackage();
        user = TestUser.forPackage();
        site = Files.createDirectories(user.home.resolve("site"));
        Files.writeString(site.resolve("index.html"), "served from the user's home\n");
        // only the dashboard's port is the user's choice here, so that it cannot meet another Berth's
        int dashboard = TestUser.freePort();
        Files.createDirectories(user.berthHome);
        Files.writeString(user.berthHome.resolve("settings.json"), "{\n  \"dashboard\": {\"port\": " + dashboard + "}\n}\n");
        BerthCli.exec(List.of("chown", "-R", user.uid + ":" + user.gid, user.home.toString()), null, T, Map.of());

        long began = System.nanoTime();
        Result install = BerthCli.exec(List.of("apt-get", "install", "-y", deb.toString()), null,
                Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"));
        assertEquals(0, install.code(), install.all());
        long installed = System.nanoTime();
        Result start = user.berth(Duration.ofMinutes(15), "start");
        assertEquals(0, start.code(), start.all());
        long ready = System.nanoTime();
        System.out.printf("package: %s, %.1f MB; installed size %s KiB; apt-get install %.1f s; apt-get install to"
                        + " engine ready for a new user %.1f s%n", deb.getFileName(), Files.size(deb) / 1e6,
                BerthCli.exec(List.of("dpkg-query", "-W", "-f=${Installed-Size}", "berth"), null, T, Map.of()).out(),
                (installed - began) / 1e9, (ready - began) / 1e9);
        Result imported = user.docker(Duration.ofMinutes(3), "import", "--change", "CMD [\"/bin/sh\"]",
                TestImages.busyboxTar().toString(), IMAGE);
        assertEquals(0, imported.code(), imported.all());
    }

    @AfterAll
    static void removeUserAndPackage() throws Exception {
        try {
            if (user != null && Files.isExecutable(user.launcher)) user.berth(Duration.ofMinutes(3), "stop");
        } finally {
            TestUser.remove();
            removePackage();
        }
    }

    @Test
    @Order(1)
    void theInstalledCommandRunsFromThePackage() throws Exception {
        assertEquals(Path.of("/opt/berth/bin/berth"), Path.of("/usr/bin/berth").toRealPath());
        for (String file : List.of("/opt/berth/runtime/bin/java", "/opt/berth/lib/berth.jar",
                "/opt/berth/lib/berth-virtiofs.jar", "/usr/lib/systemd/user/berth.service",
                "/etc/xdg/autostart/berth.desktop", "/usr/share/applications/berth.desktop",
                "/usr/share/icons/hicolor/scalable/apps/berth.svg")) {
            assertTrue(Files.exists(Path.of(file)), file);
        }
        Result version = user.berth(T, "version");
        assertTrue(version.out().contains("Runs from: installed package ") && version.out().contains("(/opt/berth)"),
                version.all());
        Result ps = BerthCli.exec(List.of("ps", "-o", "args=", "-u", TestUser.NAME), null, T, Map.of());
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("/opt/berth/runtime/bin/java ")
                && l.contains("/opt/berth/lib/berth.jar")), "the daemon runs on the package's Java: " + ps.out());
        assertTrue(ps.out().contains("/opt/berth/lib/berth-virtiofs.jar"), "and so does its file server: " + ps.out());
        Path aot = Path.of("/var/cache/berth/daemon.aot");
        assertTrue(Files.isRegularFile(aot), "the install made the daemon's AOT cache");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(aot)));
        assertTrue(ps.out().lines().anyMatch(l -> l.contains("-XX:AOTCache=" + aot) && l.contains("berth.jar")),
                "the user's daemon uses it: " + ps.out());
        try (var state = Files.list(user.berthHome.resolve("state"))) {
            assertEquals(List.of(), state.filter(p -> p.getFileName().toString().startsWith("daemon")).toList(),
                    "the user trains no cache of its own");
        }
    }

    @Test
    @Order(1)
    void lintianFindsNoErrorInThePackage() throws Exception {
        Result lintian = BerthCli.exec(List.of("lintian", "--fail-on", "error", PackageBuild.deb(TARGET).toString()),
                null, Duration.ofMinutes(10), Map.of());
        assertEquals(0, lintian.code(), lintian.all());
        assertFalse(lintian.out().lines().anyMatch(l -> l.startsWith("E: ")), lintian.all());
    }

    @Test
    @Order(1)
    void theDockerToolsComeFromThePackage() throws Exception {
        for (String tool : List.of("bin/docker", "bin/docker-credential-pass", "bin/docker-credential-secretservice",
                "cli-plugins/docker-compose", "cli-plugins/docker-buildx")) {
            Path linked = user.berthHome.resolve(tool);
            assertTrue(Files.isSymbolicLink(linked), linked + " is a link");
            assertEquals(Path.of("/opt/berth/tools").resolve(tool), Files.readSymbolicLink(linked));
        }
        String log = Files.readString(user.berthHome.resolve("logs/daemon.log"));
        assertTrue(log.contains("host tools in place from /opt/berth/tools"), "linked, not downloaded");
        assertFalse(log.contains("locked host tools cannot be had"), "nothing was downloaded");
        Result compose = user.docker(T, "compose", "version");
        assertEquals(0, compose.code(), compose.all());
        assertTrue(compose.out().contains("Docker Compose version 2."), compose.all());
    }

    @Test
    @Order(2)
    void aPublishedPortServesAFolderOfTheUsersHome() throws Exception {
        int port = user.serveFolder(T, "web", site, IMAGE);
        Result curl = null;
        for (int i = 0; i < 50; i++) {
            curl = user.run(T, null, List.of("curl", "-sf", "--max-time", "5", "http://localhost:" + port + "/index.html"));
            if (curl.code() == 0) break;
            Thread.sleep(200);
        }
        assertEquals("served from the user's home\n", curl.out(), curl.all());
        user.docker(T, "rm", "-f", "web");
    }

    @Test
    @Order(3)
    void aFileTheContainerWritesBelongsToTheUser() throws Exception {
        Result r = user.docker(T, "run", "--rm", "-v", site + ":/site", IMAGE, "sh", "-c", "echo made > /site/made.txt");
        assertEquals(0, r.code(), r.all());
        Path made = site.resolve("made.txt");
        assertEquals("made\n", Files.readString(made));
        assertEquals(user.uid, ((Number) Files.getAttribute(made, "unix:uid")).longValue());
        assertEquals(user.gid, ((Number) Files.getAttribute(made, "unix:gid")).longValue());
    }

    @Test
    @Order(3)
    void theDashboardOpensWithItsOneTimeAddress() throws Exception {
        HttpResponse<String> page = user.openDashboard(T);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<title>Berth</title>"), page.body());
    }

    @Test
    @Order(4)
    void anUpgradeMovesTheDaemonToTheNewVersionWhileContainersKeepServing() throws Exception {
        int port = user.serveFolder(T, "live", site, IMAGE);
        Path original = PackageBuild.deb(TARGET);
        String version = BerthCli.exec(List.of("dpkg-deb", "-f", original.toString(), "Version"), null, T, Map.of())
                .out().strip();
        String newer = version + "+up1";
        Path upgrade = PackageBuild.withVersion(original, newer, Files.createTempDirectory(Path.of("/var/tmp"), "berth-upgrade-"));
        try (RequestLoop loop = RequestLoop.start(URI.create("http://127.0.0.1:" + port + "/index.html"))) {
            loop.awaitAnswer(Duration.ofMinutes(1));
            String startedAt = startedAt("live");
            long before = daemonPid();

            long began = System.nanoTime();
            install("install", upgrade.toString());
            long installed = System.nanoTime();
            long after = awaitOtherDaemon(before);
            loop.awaitAnswer(Duration.ofMinutes(2));
            System.out.printf("upgrade to %s: apt-get install %.1f s, then the port answered again after %.1f s; %s%n",
                    newer, (installed - began) / 1e9, (System.nanoTime() - installed) / 1e9, loop);
            assertEquals(newer, runningVersion(), "the new daemon runs the new version");
            assertEquals(startedAt, startedAt("live"), "the container ran on through the upgrade");

            install("install", "--allow-downgrades", original.toString());
            long downgraded = awaitOtherDaemon(after);
            loop.awaitAnswer(Duration.ofMinutes(2));
            assertEquals(version, runningVersion(), "a downgrade moves the daemon back");
            assertEquals(startedAt, startedAt("live"), "and the container runs on");

            install("install", "--reinstall", original.toString());
            Thread.sleep(2000);   // the daemon sees the install's stamp within a second; a reinstall must not move it
            assertEquals(downgraded, daemonPid(), "a reinstall of the running version leaves the daemon be");
            loop.awaitAnswer(Duration.ofSeconds(30));
            System.out.println("upgrade, downgrade and reinstall: " + loop);
        } finally {
            user.docker(T, "rm", "-f", "live");
        }
    }

    private static void install(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("apt-get", "-y"));
        command.addAll(List.of(arguments));
        Result r = BerthCli.exec(command, null, Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"));
        assertEquals(0, r.code(), r.all());
    }

    private static String startedAt(String container) throws Exception {
        Result r = user.docker(T, "inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", container);
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().startsWith("true "), container + " runs: " + r.out());
        return r.out().strip();
    }

    private static long daemonPid() throws IOException {
        return Long.parseLong(Files.readString(user.berthHome.resolve("run/berthd.pid")).strip());
    }

    /** Waits for a daemon other than {@code before} to answer, and returns its pid. */
    private static long awaitOtherDaemon(long before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            long pid;
            try {
                pid = daemonPid();
            } catch (IOException | NumberFormatException e) {
                pid = before;
            }
            if (pid != before && user.berth(T, "status").code() == 0) return pid;
            Thread.sleep(200);
        }
        throw new AssertionError("no new daemon after the install; daemon log:\n" + daemonLog());
    }

    /** The version the newest daemon said it runs. */
    private static String runningVersion() throws IOException {
        String said = "running from the package, version ";
        return daemonLog().lines().filter(l -> l.contains(said)).reduce((a, b) -> b)
                .map(l -> l.substring(l.indexOf(said) + said.length()).strip()).orElse("");
    }

    private static String daemonLog() throws IOException {
        return Files.readString(user.berthHome.resolve("logs/daemon.log"));
    }

    @Test
    @Order(5)
    void statusAndStop() throws Exception {
        Result status = user.berth(T, "status");
        assertEquals(0, status.code(), status.all());
        for (String subsystem : List.of("vm", "engine", "network", "filesharing")) {
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith(subsystem) && l.contains("running")),
                    subsystem + " runs: " + status.out());
        }
        Result stop = user.berth(Duration.ofMinutes(3), "stop");
        assertEquals(0, stop.code(), stop.all());
        Result ps = BerthCli.exec(List.of("ps", "-o", "args=", "-u", TestUser.NAME), null, T, Map.of());
        assertFalse(ps.out().contains("/opt/berth/") || ps.out().contains("qemu-system"),
                "nothing of Berth runs after stop: " + ps.out());
    }

    @Test
    @Order(6)
    void removingThePackageTakesTheProgramAndLeavesTheUsersData() throws Exception {
        Result remove = BerthCli.exec(List.of("apt-get", "remove", "-y", "berth"), null, Duration.ofMinutes(5),
                Map.of("DEBIAN_FRONTEND", "noninteractive"));
        assertEquals(0, remove.code(), remove.all());
        assertFalse(Files.exists(Path.of("/usr/bin/berth"), LinkOption.NOFOLLOW_LINKS), "/usr/bin/berth is gone");
        assertFalse(Files.exists(Path.of("/opt/berth")), "/opt/berth is gone");
        assertFalse(Files.exists(Path.of("/usr/lib/systemd/user/berth.service")), "the user unit is gone");
        assertFalse(Files.exists(Path.of("/var/cache/berth")), "the AOT cache the install made is gone");
        assertFalse(Files.exists(Path.of("/var/lib/berth/installed-version")), "and the install stamp running daemons follow");
        assertTrue(Files.isRegularFile(user.berthHome.resolve("settings.json")), "the user's ~/.berth stays");
        assertTrue(Files.isRegularFile(user.berthHome.resolve("disks/data.img")), "with the VM's data disk");
    }

    @Test
    @Order(7)
    void purgingTheDataStopsBerthAndRemovesOnlyWhatItMade() throws Exception {
        Result install = BerthCli.exec(List.of("apt-get", "install", "-y", PackageBuild.deb(TARGET).toString()), null,
                Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"));
        assertEquals(0, install.code(), install.all());
        Result explain = user.berth(T, "uninstall");
        assertEquals(0, explain.code(), explain.all());
        assertTrue(explain.out().contains("sudo apt-get remove berth") && explain.out().contains(
                user.berthHome.resolve("disks").toString()), explain.all());
        Result start = user.berth(Duration.ofMinutes(10), "start");
        assertEquals(0, start.code(), start.all());
        Path notes = user.berthHome.resolve("notes.txt");
        Files.writeString(notes, "the user's own file\n");
        BerthCli.exec(List.of("chown", user.uid + ":" + user.gid, notes.toString()), null, T, Map.of());

        Result declined = user.run(T, "n\n", List.of("berth", "uninstall", "--purge-data"));
        assertEquals(1, declined.code(), declined.all());
        assertTrue(declined.out().contains("Nothing was removed"), declined.all());
        assertEquals(0, user.berth(T, "status").code(), "Berth still runs");
        assertTrue(Files.exists(user.berthHome.resolve("disks/data.img")));

        Result purged = user.berth(Duration.ofMinutes(5), "uninstall", "--purge-data", "--yes");
        System.out.println("berth uninstall --purge-data --yes:\n" + purged.out());
        assertEquals(0, purged.code(), purged.all());
        String disks = user.berthHome.resolve("disks") + "  (";
        assertTrue(purged.out().lines().anyMatch(l -> l.contains(disks) && l.matches("\\s*\\d+\\.\\d [KMG]iB .*")),
                "the data disk is listed with its size: " + purged.all());
        assertTrue(purged.out().contains("Left alone") && purged.out().contains("notes.txt"), purged.all());
        Result ps = BerthCli.exec(List.of("ps", "-o", "args=", "-u", TestUser.NAME), null, T, Map.of());
        assertFalse(ps.out().contains("/opt/berth/") || ps.out().contains("qemu-system"),
                "Berth was stopped first: " + ps.out());
        try (var left = Files.list(user.berthHome)) {
            assertEquals(List.of(notes), left.toList(), "only what Berth did not make is left");
        }
        assertEquals("the user's own file\n", Files.readString(notes));
        try (var contexts = Files.list(Files.createDirectories(user.home.resolve(".docker/contexts/meta")))) {
            assertEquals(List.of(), contexts.toList(), "the docker context 'berth' is gone");
        }
        Result status = user.berth(T, "status");
        assertEquals(3, status.code(), status.all());
    }

    private static void removePackage() throws Exception {
        if (BerthCli.exec(List.of("dpkg-query", "-W", "berth"), null, T, Map.of()).code() != 0) return;
        Result purge = BerthCli.exec(List.of("apt-get", "purge", "-y", "berth"), null, Duration.ofMinutes(5),
                Map.of("DEBIAN_FRONTEND", "noninteractive"));
        assertEquals(0, purge.code(), purge.all());
    }
}
