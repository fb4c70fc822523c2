package dev.berth.e2e.user;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A normal user the suite creates ({@code useradd}), running either a copy of the checkout's launcher and jars in a
 * folder every user can read, or the installed package's {@code berth}; with a Berth home and docker config of its
 * own in its home folder.
 */
final class TestUser {
    static final String NAME = "berth-e2e-user";
    final Path home = Path.of("/home", NAME);
    final Path berthHome;
    /** The berth command the user runs. */
    final Path launcher;
    final long uid;
    final long gid;

    private TestUser(Path launcher, Path berthHome, long uid, long gid) {
        this.launcher = launcher;
        this.berthHome = berthHome;
        this.uid = uid;
        this.gid = gid;
    }

    /** Creates the user (again, when an earlier run left it) and installs Berth where it can run it. */
    static TestUser create() throws Exception {
        long[] ids = add();
        Path home = Path.of("/home", NAME);
        return new TestUser(install().resolve("berth"), home.resolve("berth-home"), ids[0], ids[1]);
    }

    /** Creates the user to run the installed package's {@code berth}, with Berth's default home {@code ~/.berth}. */
    static TestUser forPackage() throws Exception {
        long[] ids = add();
        return new TestUser(Path.of("/usr/bin/berth"), Path.of("/home", NAME, ".berth"), ids[0], ids[1]);
    }

    /** Adds the user afresh and returns its uid and gid. */
    private static long[] add() throws Exception {
        remove();
        Result add = BerthCli.exec(List.of("useradd", "--create-home", "--shell", "/bin/sh", "--user-group", NAME),
                null, Duration.ofSeconds(30), Map.of());
        if (add.code() != 0) throw new AssertionError("useradd: " + add.all());
        long uid = Long.parseLong(BerthCli.exec(List.of("id", "-u", NAME), null, Duration.ofSeconds(10), Map.of())
                .out().strip());
        long gid = Long.parseLong(BerthCli.exec(List.of("id", "-g", NAME), null, Duration.ofSeconds(10), Map.of())
                .out().strip());
        return new long[] {uid, gid};
    }

    /** Copies the launcher, its scripts and the built jars into a world-readable folder, as a package would. */
    private static Path install() throws IOException, InterruptedException {
        Path app = Files.createTempDirectory(Path.of("/var/tmp"), "berth-e2e-app-");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = BerthCli.SOURCE;
        Files.copy(source.resolve("berth"), app.resolve("berth"));
        Files.createDirectories(app.resolve("scripts"));
        try (var scripts = Files.list(source.resolve("scripts"))) {
            for (Path s : scripts.filter(Files::isRegularFile).toList()) Files.copy(s, app.resolve("scripts").resolve(s.getFileName()));
        }
        Path target = Files.createDirectories(app.resolve("distribution/target"));
        for (String jar : List.of("berth.jar", "berth-cli.jar", "berth-virtiofs.jar")) {
            Files.copy(source.resolve("distribution/target").resolve(jar), target.resolve(jar));
        }
        Files.createFile(target.resolve(".built"));
        BerthCli.exec(List.of("chmod", "-R", "a+rX", app.toString()), null, Duration.ofSeconds(10), Map.of());
        return app;
    }

    /** Runs {@code command} as the user, with the user's own environment and nothing of the test's. */
    Result run(Duration timeout, String input, List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", NAME, "--", "env", "-i", "HOME=" + home,
                "USER=" + NAME, "LOGNAME=" + NAME, "LANG=C.UTF-8", "BERTH_NO_BUILD=1",
                "DOCKER_CONFIG=" + home.resolve(".docker"),
                "PATH=" + berthHome.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"));
        // the default home is left to Berth to find, as a user's own shell would
        if (!berthHome.equals(home.resolve(".berth"))) cmd.add(cmd.indexOf("BERTH_NO_BUILD=1"), "BERTH_HOME=" + berthHome);
        cmd.addAll(command);
        return BerthCli.exec(cmd, input, timeout, Map.of());
    }

    /** Runs {@code berth args...} as the user. */
    Result berth(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        return run(timeout, null, cmd);
    }

    /** Runs the docker CLI Berth installed for the user. */
    Result docker(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(berthHome.resolve("bin/docker").toString()));
        cmd.addAll(List.of(args));
        return run(timeout, null, cmd);
    }

    /** A loopback port free now. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /**
     * Runs busybox httpd from {@code image} as container {@code name}, serving {@code folder} (bind-mounted) on a free
     * port of localhost, and returns that port.
     */
    int serveFolder(Duration timeout, String name, Path folder, String image) throws IOException, InterruptedException {
        int port = freePort();
        Result run = docker(timeout, "run", "-d", "--name", name, "-p", port + ":80", "-v", folder + ":/var/www", image,
                "httpd", "-f", "-p", "80", "-h", "/var/www");
        if (run.code() != 0) throw new AssertionError(run.all());
        return port;
    }

    /** Opens the dashboard as its browser would, with the one-time address {@code berth dashboard --print} gives. */
    java.net.http.HttpResponse<String> openDashboard(Duration timeout) throws IOException, InterruptedException {
        Result print = berth(timeout, "dashboard", "--print");
        if (print.code() != 0) throw new AssertionError(print.all());
        String address = print.out().lines().filter(l -> l.startsWith("http://")).findFirst().orElseThrow(
                () -> new AssertionError("no address: " + print.all()));
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                .build();
        return browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(address))
                .timeout(Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the user's Berth if it runs, ends what the user still runs, and deletes the user and its home. */
    static void remove() throws Exception {
        if (BerthCli.exec(List.of("id", NAME), null, Duration.ofSeconds(10), Map.of()).code() != 0) return;
        BerthCli.exec(List.of("pkill", "-KILL", "-u", NAME), null, Duration.ofSeconds(10), Map.of());
        Thread.sleep(500);
        BerthCli.exec(List.of("userdel", "--remove", NAME), null, Duration.ofSeconds(30), Map.of());
    }
}
