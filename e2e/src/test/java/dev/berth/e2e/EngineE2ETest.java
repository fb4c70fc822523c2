package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The Docker API on the host: the docker CLI 28, Compose v2, buildx and the credential helper that Berth ships into its
 * home, against Berth's socket and the real VM, with images built offline. Containers, volumes and networks of this suite are named
 * {@code eng-*} and labelled {@value #LABEL}; images are {@code berth-e2e/engine-*}; all are removed at the end.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineE2ETest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final Duration LONG = Duration.ofMinutes(6);
    private static final String LABEL = "berth.e2e=engine";
    private static final String MAIN = "eng-main";
    private static final String VOLUME = "eng-vol";
    private static final String NETWORK = "eng-net";
    private static final String COMPOSE_PROJECT = "engcompose";
    /** PID 1 of the long-lived container: traps that leave markers in its log, a web server, and an idle loop. */
    private static final String TRAPPING_SHELL = "trap 'echo got-USR1' USR1; trap 'echo got-TERM; exit 0' TERM; "
            + "httpd -p 80 -h /var/www; echo ready; while true; do sleep 0.2; done";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String busybox;
    private static Path work;

    @BeforeAll
    static void startBerthAndImportBusybox() throws Exception {
        SharedBerth.ensureRunning();
        busybox = TestImages.busybox();
        work = BerthCli.HOME.resolveSibling("engine-e2e");
        removeLeftovers();
        BerthCli.exec(List.of("rm", "-rf", work.toString()), null, T, Map.of());
        Files.createDirectories(work);
    }

    @AfterAll
    static void removeWhatTheSuiteMade() throws Exception {
        removeLeftovers();
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void versionAndInfoNegotiateTheApiThroughTheSocket() throws Exception {
        Result version = ok(docker("version", "--format", "{{.Client.Version}}|{{.Client.APIVersion}}|{{.Server.Version}}|{{.Server.APIVersion}}"));
        String[] v = version.out().strip().split("\\|");
        assertTrue(v[0].startsWith("28."), "the CLI 28 Berth ships: " + version.all());
        assertTrue(v[2].startsWith("28."), "the guest's Engine 28: " + version.all());
        assertEquals(v[3], v[1], "client and engine speak the same API version: " + version.all());
        Result plain = ok(docker("version"));
        assertFalse(plain.out().contains("(downgraded from"), "no API downgrade between CLI and engine: " + plain.all());

        JsonNode info = JSON.readTree(ok(docker("info", "--format", "{{json .}}")).out());
        assertEquals("overlay2", info.path("Driver").asText(), info.toString());
        assertEquals("linux", info.path("OSType").asText());
        assertTrue(info.path("NCPU").asInt() >= 1 && info.path("MemTotal").asLong() > 256L << 20, info.toString());
        assertTrue(info.path("Images").asInt() >= 1, "busybox is there: " + info.path("Images"));
        assertTrue(info.path("ServerVersion").asText().startsWith("28."), info.toString());

        UnixHttp.Answer ping = UnixHttp.get(socket(), "/_ping");
        assertEquals(200, ping.status());
        assertEquals("OK", ping.body());
        assertEquals(v[3], ping.headers().get("api-version"), "_ping names the API version: " + ping.headers());
    }

    @Test
    @Order(2)
    void runRemoveWithAndWithoutTerminal() throws Exception {
        Result plain = docker("run", "--rm", "--name", "eng-rm", "--label", LABEL, busybox,
                "sh", "-c", "echo out; echo err >&2; tty || true; exit 7");
        assertEquals(7, plain.code(), "the container's exit code: " + plain.all());
        assertEquals("out\nnot a tty\n", plain.out(), plain.all());
        assertEquals("err\n", plain.err(), "stderr stays apart without -t: " + plain.all());
        assertGone("eng-rm");

        Result tty = docker("run", "--rm", "-t", "--name", "eng-rm-t", "--label", LABEL, busybox,
                "sh", "-c", "echo out; echo err >&2; tty; exit 5");
        assertEquals(5, tty.code(), tty.all());
        assertEquals("out\r\nerr\r\n/dev/pts/0\r\n", tty.out(), "one terminal stream with CRLF: " + tty.all());
        assertEquals("", tty.err(), tty.all());
        assertGone("eng-rm-t");
    }

    @Test
    @Order(3)
    void runInteractiveThroughAPseudoTerminal() throws Exception {
        Result it = pty(BerthCli.DOCKER + " run -it --rm --name eng-it --label " + LABEL + " " + busybox + " sh",
                "[ -t 0 ] && echo tty-$((20+3))\necho inside $((6*7))\nexit 3\n");
        assertEquals(3, it.code(), "the shell's exit code comes back through run -it: " + it.all());
        assertTrue(it.out().contains("tty-23"), "stdin is a terminal: " + it.all());
        assertTrue(it.out().contains("inside 42"), "the typed command ran in the container: " + it.all());
        assertGone("eng-it");
    }

    @Test
    @Order(4)
    void runWithPipedStdinEndsWhenTheInputEnds() throws Exception {
        StringBuilder input = new StringBuilder();
        Random random = new Random(4);
        while (input.length() < 2 << 20) input.append(Long.toHexString(random.nextLong())).append('\n');
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(input.toString().getBytes(StandardCharsets.UTF_8)));
        Result piped = SharedBerth.dockerWithInput(T, input.toString(), "run", "-i", "--rm", "--label", LABEL, busybox,
                "sh", "-c", "md5sum; echo stdin-closed");
        assertEquals(0, piped.code(), piped.all());
        assertEquals(expected + "  -\nstdin-closed\n", piped.out(),
                "all 2 MiB arrived and the container saw the end of its input (half-close): " + piped.all());
    }

    @Test
    @Order(5)
    void execInteractiveAndPlain() throws Exception {
        ensureMain();
        String id = ok(docker("inspect", "-f", "{{.Config.Hostname}}", MAIN)).out().strip();
        Result it = pty(BerthCli.DOCKER + " exec -it " + MAIN + " sh", "[ -t 0 ] && echo tty-$((30+4))\necho exec $((2+3)) in $(hostname)\nexit 4\n");
        assertEquals(4, it.code(), it.all());
        assertTrue(it.out().contains("tty-34"), "stdin is a terminal: " + it.all());
        assertTrue(it.out().contains("exec 5 in " + id), "ran inside " + MAIN + ": " + it.all());

        Result plain = docker("exec", "-e", "WHO=berth", MAIN, "sh", "-c", "echo hello $WHO; exit 9");
        assertEquals(9, plain.code(), plain.all());
        assertEquals("hello berth\n", plain.out());
    }

    @Test
    @Order(6)
    void logsFollowStreamsUntilTheClientLeavesAndThatFreesItsGuestConnection() throws Exception {
        docker("rm", "-f", "eng-logger");
        ok(docker("run", "-d", "--name", "eng-logger", "--label", LABEL, busybox,
                "sh", "-c", "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); echo line $i; sleep 0.2; done"));
        Set<String> before = guestConnections();
        Set<String> follower;
        try (Streaming logs = Streaming.start(dockerCommand("logs", "-f", "eng-logger"), dockerEnv())) {
            assertEquals("line 1", logs.await(l -> l.startsWith("line "), T), "logs -f starts with the history");
            follower = new HashSet<>(guestConnections());
            follower.removeAll(before);
            assertFalse(follower.isEmpty(), "the follower holds a connection to dockerd: " + before);
            // the container writes 5 lines a second for 400 s: a line written 2 s after this snapshot can only come
            // through a stream that forwards each piece as it is written
            String history = ok(docker("logs", "eng-logger")).out();
            int known = history.strip().lines().mapToInt(l -> Integer.parseInt(l.substring(5))).max().orElseThrow();
            logs.await(l -> l.equals("line " + (known + 10)), T);
            assertTrue(logs.alive(), "logs -f keeps following");
        }
        awaitTrue(() -> Collections.disjoint(guestConnections(), follower), Duration.ofSeconds(30),
                () -> "the proxy closes the guest connection of a client that left mid-stream: " + follower + " still in "
                        + guestConnections());
        ok(docker("kill", "eng-logger"));
        assertEquals("exited 137", ok(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "eng-logger")).out().strip(),
                "docker kill sends SIGKILL");
        docker("rm", "-f", "eng-logger");
    }

    @Test
    @Order(7)
    void attachCarriesInputAndOutputUntilTheContainerEnds() throws Exception {
        docker("rm", "-f", "eng-attach");
        ok(docker("run", "-d", "-i", "--name", "eng-attach", "--label", LABEL, busybox,
                "sh", "-c", "read a; echo got:$a; read b; echo got:$b; exit 6"));
        // stdin stays open until the answers are there: like dockerd itself, an attach whose input ends stops its output
        try (Streaming attach = Streaming.startWithInput(dockerCommand("attach", "eng-attach"), dockerEnv())) {
            attach.send("hello\n");
            attach.await(l -> l.equals("got:hello"), T);
            attach.send("world\n");
            attach.await(l -> l.equals("got:world"), T);
            assertEquals(6, attach.exitCode(T), "attach ends with the container and returns its exit code");
            assertEquals(List.of("got:hello", "got:world"), attach.seen());
        }
        docker("rm", "-f", "eng-attach");
    }

    @Test
    @Order(8)
    void stopAndKillDeliverSignalsToTheProcess() throws Exception {
        docker("rm", "-f", "eng-signals");
        ok(docker("run", "-d", "--name", "eng-signals", "--label", LABEL, busybox, "sh", "-c", TRAPPING_SHELL));
        awaitLog("eng-signals", "ready");
        ok(docker("kill", "-s", "USR1", "eng-signals"));
        awaitLog("eng-signals", "got-USR1");
        assertEquals("true", ok(docker("inspect", "-f", "{{.State.Running}}", "eng-signals")).out().strip(), "USR1 is trapped");
        long t0 = System.nanoTime();
        ok(docker("stop", "-t", "60", "eng-signals"));
        long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(ok(docker("logs", "eng-signals")).out().contains("got-TERM"), "the TERM trap ran");
        assertEquals("0", ok(docker("inspect", "-f", "{{.State.ExitCode}}", "eng-signals")).out().strip(),
                "the trap's exit 0, not a SIGKILL after the grace period");
        assertTrue(stopSeconds < 50, "stop returned after " + stopSeconds + " s: TERM reached the shell");
        docker("rm", "-f", "eng-signals");
    }

    @Test
    @Order(9)
    void cpCopiesBothWays() throws Exception {
        ensureMain();
        Path payload = Files.createDirectories(work.resolve("cp/payload"));
        byte[] big = new byte[6 << 20];
        new Random(9).nextBytes(big);
        Files.write(payload.resolve("big.bin"), big);
        Files.createDirectories(payload.resolve("sub"));
        Files.writeString(payload.resolve("sub/small.txt"), "small file\n");
        ok(docker("cp", payload.toString(), MAIN + ":/tmp/"));
        Result sums = ok(docker("exec", MAIN, "sh", "-c", "md5sum /tmp/payload/big.bin; cat /tmp/payload/sub/small.txt"));
        assertEquals(md5(big) + "  /tmp/payload/big.bin\nsmall file\n", sums.out(), "the tree arrived intact");

        ok(docker("exec", MAIN, "sh", "-c", "echo from-container > /tmp/payload/sub/made-inside.txt"));
        Path back = Files.createDirectories(work.resolve("cp/back"));
        ok(docker("cp", MAIN + ":/tmp/payload", back.toString()));
        assertEquals(-1, Files.mismatch(payload.resolve("big.bin"), back.resolve("payload/big.bin")), "6 MiB came back unchanged");
        assertEquals("from-container\n", Files.readString(back.resolve("payload/sub/made-inside.txt")));
    }

    @Test
    @Order(10)
    void aNamedVolumeIsSharedByTwoContainers() throws Exception {
        ensureMain();
        String token = token();
        ok(docker("exec", MAIN, "sh", "-c", "echo " + token + " > /v/from-main"));
        Result other = ok(docker("run", "--rm", "--label", LABEL, "-v", VOLUME + ":/shared", busybox,
                "sh", "-c", "cat /shared/from-main; echo reply-" + token + " > /shared/from-other"));
        assertEquals(token + "\n", other.out(), "the second container sees what the first wrote");
        assertEquals("reply-" + token + "\n", ok(docker("exec", MAIN, "cat", "/v/from-other")).out(),
                "and the first sees what the second wrote");
        JsonNode volume = JSON.readTree(ok(docker("volume", "inspect", VOLUME)).out()).get(0);
        assertEquals("local", volume.path("Driver").asText());
        assertEquals("engine", volume.path("Labels").path("berth.e2e").asText(), volume.toString());
    }

    @Test
    @Order(11)
    void aUserNetworkResolvesContainersByNameAndAlias() throws Exception {
        ensureMain();
        Result byName = ok(docker("run", "--rm", "--label", LABEL, "--network", NETWORK, busybox,
                "sh", "-c", "wget -qO- http://" + MAIN + "/ && wget -qO- http://main/ && nslookup " + MAIN + " >/dev/null && echo resolved"));
        assertEquals("hello from berth\nhello from berth\nresolved\n", byName.out(), byName.all());
        Result outside = docker("run", "--rm", "--label", LABEL, busybox, "wget", "-T", "5", "-qO-", "http://" + MAIN + "/");
        assertNotEquals(0, outside.code(), "the default bridge has no name for a container of another network: " + outside.all());
    }

    @Test
    @Order(12)
    void commitSaveLoadExportImport() throws Exception {
        ensureMain();
        String token = token();
        String committed = "berth-e2e/engine-committed:1";
        String imported = "berth-e2e/engine-imported:1";
        ok(docker("exec", MAIN, "sh", "-c", "echo " + token + " > /marker"));
        ok(docker("commit", "-c", "ENV COMMITTED=yes", "-c", "CMD [\"sh\", \"-c\", \"cat /marker; echo $COMMITTED\"]", MAIN, committed));

        Path saved = work.resolve("committed.tar");
        ok(docker("save", "-o", saved.toString(), committed));
        Result listing = ok(BerthCli.exec(List.of("tar", "-tf", saved.toString()), null, T, Map.of()));
        assertTrue(listing.out().lines().anyMatch(l -> l.equals("manifest.json")), listing.all());
        ok(docker("rmi", committed));
        assertNotEquals(0, docker("image", "inspect", committed).code());
        Result load = ok(docker("load", "-i", saved.toString()));
        assertTrue(load.out().contains("Loaded image: " + committed), load.all());
        assertEquals(token + "\nyes\n", ok(docker("run", "--rm", "--label", LABEL, committed)).out(),
                "the loaded image holds the committed file, environment and command");

        Path exported = work.resolve("exported.tar");
        ok(docker("export", "-o", exported.toString(), MAIN));
        Result files = ok(BerthCli.exec(List.of("tar", "-tf", exported.toString()), null, T, Map.of()));
        assertTrue(files.out().lines().anyMatch(l -> l.equals("marker")) && files.out().lines().anyMatch(l -> l.equals("bin/busybox")),
                "the export holds the container's file system");
        ok(docker("import", "--change", "CMD [\"cat\", \"/marker\"]", exported.toString(), imported));
        assertEquals(token + "\n", ok(docker("run", "--rm", "--label", LABEL, imported)).out());
        assertEquals("1", ok(docker("image", "inspect", "-f", "{{len .RootFS.Layers}}", imported)).out().strip(),
                "an import is one flat layer");
    }

    @Test
    @Order(13)
    void inspectStatsAndSystemDf() throws Exception {
        ensureMain();
        JsonNode main = JSON.readTree(ok(docker("inspect", MAIN)).out()).get(0);
        assertTrue(main.path("State").path("Running").asBoolean(), main.path("State").toString());
        assertEquals("engine", main.path("Config").path("Labels").path("berth.e2e").asText());
        assertEquals(VOLUME, main.path("Mounts").get(0).path("Name").asText(), main.path("Mounts").toString());
        JsonNode net = main.path("NetworkSettings").path("Networks").path(NETWORK);
        assertTrue(net.path("Aliases").toString().contains("\"main\""), net.toString());
        String imageId = ok(docker("image", "inspect", "-f", "{{.Id}}", busybox)).out().strip();
        assertEquals(imageId, main.path("Image").asText());

        Result stats = ok(docker("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", MAIN));
        String[] s = stats.out().strip().split("\\|");
        assertEquals(MAIN, s[0], stats.all());
        assertFalse(s[1].startsWith("0B"), "memory is measured: " + stats.all());
        assertTrue(Integer.parseInt(s[2]) >= 2, "the shell and httpd at least: " + stats.all());

        Result df = ok(docker("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}"));
        Map<String, String[]> rows = df.out().lines().map(l -> l.split("\\|")).collect(Collectors.toMap(r -> r[0], r -> r));
        assertTrue(Integer.parseInt(rows.get("Images")[1]) >= 1, df.all());
        assertTrue(Integer.parseInt(rows.get("Containers")[2]) >= 1, "eng-main is active: " + df.all());
        assertTrue(Integer.parseInt(rows.get("Local Volumes")[2]) >= 1, "eng-vol is in use: " + df.all());
        assertTrue(rows.containsKey("Build Cache"), df.all());
        Result verbose = ok(docker("system", "df", "-v"));
        assertTrue(verbose.out().contains(VOLUME) && verbose.out().contains(MAIN), verbose.all());
    }

    @Test
    @Order(14)
    void eventsStreamLiveAndWithinSinceUntil() throws Exception {
        String since = serverTime();
        String label = "berth.e2e.events=" + token();
        String format = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}";
        try (Streaming events = Streaming.start(dockerCommand("events", "--since", since, "--filter", "label=" + label,
                "--format", format), dockerEnv())) {
            ok(docker("run", "--rm", "--name", "eng-events", "--label", LABEL, "--label", label, busybox, "true"));
            events.await(l -> l.equals("container create eng-events"), T);
            events.await(l -> l.equals("container start eng-events"), T);
            events.await(l -> l.equals("container destroy eng-events"), T);
            assertTrue(events.alive(), "the event stream stays open");
        }
        String until = serverTime();
        Result bounded = ok(docker("events", "--since", since, "--until", until, "--filter", "label=" + label, "--format", format));
        List<String> actions = bounded.out().lines().toList();
        assertTrue(actions.indexOf("container create eng-events") >= 0
                && actions.indexOf("container create eng-events") < actions.indexOf("container start eng-events")
                && actions.indexOf("container start eng-events") < actions.indexOf("container die eng-events")
                && actions.indexOf("container die eng-events") < actions.indexOf("container destroy eng-events"),
                "--since/--until replays the events in order and ends: " + bounded.all());
    }

    @Test
    @Order(15)
    void buildxListsAWorkingBuilderForTheBerthContext() throws Exception {
        // without DOCKER_HOST the CLI takes its current context, which berth start made 'berth'
        Result context = ok(BerthCli.exec(dockerCommand("context", "show"), null, T, Map.of()));
        assertEquals("berth", context.out().strip(), context.all());
        Result inspect = ok(BerthCli.exec(dockerCommand("buildx", "inspect", "--bootstrap", "berth"), null, T, Map.of()));
        assertTrue(inspect.out().lines().anyMatch(l -> l.matches("Driver:\\s+docker"))
                && inspect.out().lines().anyMatch(l -> l.matches("Status:\\s+running"))
                && inspect.out().lines().anyMatch(l -> l.matches("BuildKit version:\\s+\\S+")),
                "the buildx plugin drives the engine's BuildKit: " + inspect.all());
        Result ls = BerthCli.exec(dockerCommand("buildx", "ls"), null, T, Map.of());
        assertTrue(ls.out().lines().anyMatch(l -> l.matches("berth\\*?\\s+docker\\s*"))
                && ls.out().lines().anyMatch(l -> l.matches("\\s*\\\\_ berth\\s+\\\\_ berth\\s+running\\s+\\S+\\s+.*linux/amd64.*")),
                "buildx ls lists the berth context's builder as running: " + ls.all());
    }

    @Test
    @Order(16)
    void buildWithBuildKitMultiStageCacheMountSecretAndPlatform() throws Exception {
        Path context = buildContext("buildkit");
        String cacheId = "berth-e2e-" + token();
        Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile")) + """
                ARG CACHE_BUST
                RUN --mount=type=cache,id=%s,target=/cache echo "$CACHE_BUST" >> /cache/runs && wc -l < /cache/runs > /cache-runs
                RUN --mount=type=secret,id=token sha256sum < /run/secrets/token > /token.sha256
                """.formatted(cacheId));
        String secret = "secret-" + token();
        Path secretFile = work.resolve("build-secret");
        Files.writeString(secretFile, secret);
        String image = "berth-e2e/engine-buildkit:1";
        for (String bust : List.of("first", "second")) {
            Result build = exec(List.of(BerthCli.DOCKER.toString(), "build", "--progress=plain", "--platform", "linux/amd64",
                    "--build-arg", "GREETING=hi-buildkit", "--build-arg", "CACHE_BUST=" + bust,
                    "--secret", "id=token,src=" + secretFile, "-t", image, context.toString()), null, LONG, Map.of());
            assertEquals(0, build.code(), build.all());
            String log = build.out() + build.err();
            assertTrue(log.contains("[internal] load build definition from Dockerfile") && log.contains("[base 2/2] RUN")
                    && log.contains("naming to docker.io/" + image), "BuildKit (session and gRPC through the socket): " + log);
        }
        assertBuilt(image, "hi-buildkit");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        Result inside = ok(docker("run", "--rm", "--label", LABEL, image, "sh", "-c",
                "cat /cache-runs /token.sha256; test -e /run/secrets/token && echo secret-kept || echo no-secret"));
        assertEquals("2\n" + sha + "  -\nno-secret\n", inside.out(),
                "the cache mount kept the first build's file for the second, the secret was readable while building and is not in the image");
        assertEquals("linux/amd64", ok(docker("image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", image)).out().strip());
    }

    @Test
    @Order(17)
    void loginPushAndPullWithAPasswordProtectedRegistryKeepTheCredentialsInPass() throws Exception {
        Path configFile = SharedBerth.DOCKER_CONFIG.resolve("config.json");
        assertEquals("pass", JSON.readTree(configFile.toFile()).path("credsStore").asText(),
                "berth start found the initialised password store and pass on its PATH: " + Files.readString(configFile));
        String registryImage = registryImage();
        String user = "berth";
        String password = "pw-" + token();
        Path htpasswd = work.resolve("htpasswd");
        Files.writeString(htpasswd, user + ":" + BCrypt.hashpw(password, BCrypt.gensalt(10)) + "\n");
        int port = freePort();
        docker("rm", "-f", "eng-registry");
        ok(docker("create", "--name", "eng-registry", "--label", LABEL, "-p", port + ":5000", registryImage));
        ok(docker("cp", htpasswd.toString(), "eng-registry:/etc/docker/registry/htpasswd"));
        ok(docker("start", "eng-registry"));
        String v2 = "http://127.0.0.1:" + port + "/v2/";
        awaitTrue(() -> curl(v2, "-u", user + ":" + password).out().equals("{}"), Duration.ofSeconds(60),
                () -> "the registry answers on the host's port " + port + ": " + curl(v2, "-u", user + ":" + password).all()
                        + ok(docker("logs", "eng-registry")).all());
        assertEquals("401", curl(v2, "-o", "/dev/null", "-w", "%{http_code}").out(), "without credentials the registry refuses");

        // dockerd pushes, so "localhost" is the guest's: the published port exists there too, and localhost registries
        // are insecure (plain HTTP) by default; the host reaches the same registry through Berth's port forward
        String registry = "localhost:" + port;
        String token = token();
        String pushed = registry + "/berth-e2e/pushed:" + token;
        docker("rm", "-f", "eng-push-source");
        ok(docker("run", "--name", "eng-push-source", "--label", LABEL, busybox, "sh", "-c", "echo " + token + " > /pushed"));
        ok(docker("commit", "-c", "CMD [\"cat\", \"/pushed\"]", "eng-push-source", pushed));
        ok(docker("rm", "eng-push-source"));
        Result anonymous = docker("push", pushed);
        assertTrue(anonymous.code() != 0 && anonymous.all().contains("no basic auth credentials"), anonymous.all());

        Result login = ok(SharedBerth.dockerWithInput(T, password, "login", "-u", user, "--password-stdin", registry));
        assertTrue(login.out().contains("Login Succeeded"), login.all());
        String config = Files.readString(configFile);
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertFalse(config.contains(password) || config.contains(basic), "config.json holds no password: " + config);
        JsonNode entry = JSON.readTree(config).path("auths").path(registry);
        assertTrue(entry.isObject() && !entry.has("auth"), "config.json only names the registry: " + config);
        Path helper = BerthCli.HOME.resolve("bin/docker-credential-pass");
        Result stored = ok(BerthCli.exec(List.of(helper.toString(), "get"), registry, T, Map.of()));
        JsonNode secret = JSON.readTree(stored.out());
        assertEquals(user, secret.path("Username").asText(), stored.all());
        assertEquals(password, secret.path("Secret").asText(), "pass holds the password: " + stored.all());

        Result push = ok(docker("push", pushed));
        assertTrue(push.out().contains(token + ": digest: sha256:"), push.all());
        assertTrue(curl("http://127.0.0.1:" + port + "/v2/_catalog", "-u", user + ":" + password).out().contains("\"berth-e2e/pushed\""));
        assertTrue(curl("http://127.0.0.1:" + port + "/v2/berth-e2e/pushed/tags/list", "-u", user + ":" + password).out()
                .contains("\"" + token + "\""));
        ok(docker("rmi", pushed));
        Result pull = ok(docker("pull", pushed));
        assertTrue(pull.out().contains("Pull complete") && pull.out().contains("Downloaded newer image for " + pushed),
                "the layer came back from the registry: " + pull.all());
        assertEquals(token + "\n", ok(docker("run", "--rm", "--label", LABEL, pushed)).out());

        ok(docker("logout", registry));
        assertFalse(ok(BerthCli.exec(List.of(helper.toString(), "list"), null, T, Map.of())).out().contains(registry),
                "logout removed the credentials from pass");
        ok(docker("rmi", pushed));
        Result refused = docker("pull", pushed);
        assertTrue(refused.code() != 0 && refused.all().contains("no basic auth credentials"), "without login: " + refused.all());
        docker("rm", "-f", "eng-registry");
    }

    @Test
    @Order(18)
    void composeV2BuildUpWaitProfilesLogsAndDown() throws Exception {
        Result link = ok(exec(List.of(BerthCli.HOME.resolve("bin/docker-compose").toString(), "version"), null, T, Map.of()));
        assertTrue(link.out().matches("(?s)Docker Compose version v?2\\..*"), "docker-compose is Compose v2: " + link.all());
        Path project = composeProject();
        int port = freePort();
        Map<String, String> env = Map.of("WEB_PORT", Integer.toString(port));
        List<String> compose = List.of(BerthCli.DOCKER.toString(), "compose", "-p", COMPOSE_PROJECT, "-f",
                project.resolve("compose.yaml").toString());
        List<String> withDebug = concat(compose, "--profile", "debug");
        try {
            Result build = exec(concat(compose, "build"), null, LONG, env);
            assertEquals(0, build.code(), build.all());
            assertEquals(0, docker("image", "inspect", COMPOSE_PROJECT + "-web").code(), "compose build made the image: " + build.all());
            Result up = exec(concat(compose, "up", "--wait"), null, LONG, env);
            assertEquals(0, up.code(), up.all());
            String url = "http://127.0.0.1:" + port + "/cgi-bin/hello";
            String page = curl(url).out();
            assertTrue(page.contains("store: stored at"), "web answers once up --wait returned: " + curl(url).all());
            assertTrue(page.contains("title: berth-compose"), "the build arg reached the image: " + page);

            String store = COMPOSE_PROJECT + "-store-1";
            String web = COMPOSE_PROJECT + "-web-1";
            assertEquals("healthy", ok(docker("inspect", "-f", "{{.State.Health.Status}}", store)).out().strip());
            String storeStart = ok(docker("inspect", "-f", "{{.State.StartedAt}}", store)).out().strip();
            String webStart = ok(docker("inspect", "-f", "{{.State.StartedAt}}", web)).out().strip();
            assertFalse(java.time.Instant.parse(webStart).isBefore(java.time.Instant.parse(storeStart).plusSeconds(3)),
                    "web waited for store's healthcheck (its server starts 3 s in): " + storeStart + " / " + webStart);
            assertEquals("[" + COMPOSE_PROJECT + "_back " + COMPOSE_PROJECT + "_front]",
                    sortedNetworks(web), "web is on both networks");
            assertEquals("[" + COMPOSE_PROJECT + "_back]", sortedNetworks(store), "store only on the back network");
            assertEquals(COMPOSE_PROJECT + "_data", ok(docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", store)).out().strip());
            String debug = COMPOSE_PROJECT + "-debug-1";
            assertNotEquals(0, docker("inspect", debug).code(), "a service of a profile stays down without --profile");

            Result withProfile = exec(concat(withDebug, "up", "--wait"), null, LONG, env);
            assertEquals(0, withProfile.code(), withProfile.all());
            assertEquals("true", ok(docker("inspect", "-f", "{{.State.Running}}", debug)).out().strip(), "--profile debug started it");

            Result logs = exec(concat(withDebug, "logs", "--no-color"), null, T, env);
            assertEquals(0, logs.code(), logs.all());
            assertTrue(logs.out().contains("store ready") && logs.out().contains("web ready")
                    && logs.out().lines().anyMatch(l -> l.startsWith("debug-1") && l.contains("stored at")), logs.all());

            Result down = exec(concat(withDebug, "down", "-v"), null, T, env);
            assertEquals(0, down.code(), down.all());
            assertEquals("", ok(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT)).out().strip());
            assertNotEquals(0, docker("volume", "inspect", COMPOSE_PROJECT + "_data").code(), "down -v removed the volume");
            assertNotEquals(0, docker("network", "inspect", COMPOSE_PROJECT + "_back").code(), "down removed the networks");
            awaitTrue(() -> curl(url).code() != 0, Duration.ofSeconds(30), () -> "the port is closed after down");
        } finally {
            exec(concat(withDebug, "down", "-v", "-t", "1"), null, T, env);
        }
    }

    @Test
    @Order(19)
    void prunesRemoveOnlyWhatIsUnused() throws Exception {
        String prune = "berth.e2e.prune=" + token();
        String image = "berth-e2e/engine-prune:1";
        docker("rm", "-f", "eng-prune");
        ok(docker("create", "--name", "eng-prune", "--label", LABEL, "--label", prune, busybox, "true"));
        ok(docker("commit", "-c", "LABEL " + prune, "-c", "ENV V=1", "eng-prune", image));
        String dangling = ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip();
        ok(docker("commit", "-c", "LABEL " + prune, "-c", "ENV V=2", "eng-prune", image));
        String tagged = ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip();
        ok(docker("volume", "create", "--label", LABEL, "--label", prune, "eng-prune-vol"));
        ok(docker("network", "create", "--label", LABEL, "--label", prune, "eng-prune-net"));

        docker("rm", "-f", "eng-prune-holder");
        ok(docker("volume", "create", "--label", LABEL, "--label", prune, "eng-prune-used"));
        ok(docker("create", "--name", "eng-prune-holder", "--label", LABEL, "-v", "eng-prune-used:/used", busybox, "true"));
        String id = ok(docker("inspect", "-f", "{{.Id}}", "eng-prune")).out().strip();

        Result containers = ok(docker("container", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(containers.out().contains(id), containers.all());
        assertNotEquals(0, docker("inspect", "eng-prune").code(), "the stopped container is gone");
        assertEquals(0, docker("inspect", "eng-prune-holder").code(), "the filter spared the other one");

        Result danglingOnly = ok(docker("image", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(danglingOnly.out().contains(dangling), danglingOnly.all());
        assertEquals(tagged, ok(docker("image", "inspect", "-f", "{{.Id}}", image)).out().strip(), "without -a the tagged image stays");
        Result unused = ok(docker("image", "prune", "-a", "-f", "--filter", "label=" + prune));
        assertTrue(unused.out().contains(tagged), unused.all());
        assertNotEquals(0, docker("image", "inspect", image).code(), "prune -a removed the unused tagged image");

        // since API 1.42 a volume prune takes only anonymous volumes, and named ones with --all
        Result anonymousOnly = ok(docker("volume", "prune", "-f", "--filter", "label=" + prune));
        assertFalse(anonymousOnly.out().contains("eng-prune-vol"), anonymousOnly.all());
        assertEquals(0, docker("volume", "inspect", "eng-prune-vol").code(), "without --all the named volume stays");
        Result volumes = ok(docker("volume", "prune", "--all", "-f", "--filter", "label=" + prune));
        assertTrue(volumes.out().contains("eng-prune-vol") && !volumes.out().contains("eng-prune-used"), volumes.all());
        assertNotEquals(0, docker("volume", "inspect", "eng-prune-vol").code());
        assertEquals(0, docker("volume", "inspect", "eng-prune-used").code(), "a volume a container uses stays");

        Result networks = ok(docker("network", "prune", "-f", "--filter", "label=" + prune));
        assertTrue(networks.out().contains("eng-prune-net"), networks.all());
        assertNotEquals(0, docker("network", "inspect", "eng-prune-net").code());
        docker("rm", "-f", "eng-prune-holder");
        docker("volume", "rm", "eng-prune-used");
    }

    @Test
    @Order(20)
    void twoHundredConcurrentClientsAreAnsweredWhileMalformedRequestsGet400() throws Exception {
        Path socket = socket();
        List<byte[]> malformed = List.of(
                new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x', '\r', '\n', '\r', '\n'},
                "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /_ping HTTP/1.1 trailing-junk\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /_ping HTTP/1.1\r\nthis header has no colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: lots\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int wellFormed = 200;
        int broken = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> good = new ArrayList<>();
        List<Future<String>> bad = new ArrayList<>();
        long t0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < wellFormed + broken; i++) {
                int n = i;
                if (i % 11 == 5 && bad.size() < broken) {
                    byte[] request = malformed.get(bad.size() % malformed.size());
                    bad.add(pool.submit(() -> {
                        go.await();
                        UnixHttp.Answer a = UnixHttp.exchange(socket, request);
                        return a.status() + " " + a.body();
                    }));
                } else {
                    String path = n % 2 == 0 ? "/_ping" : "/v1.41/containers/json?all=1";
                    good.add(pool.submit(() -> {
                        go.await();
                        UnixHttp.Answer a = UnixHttp.get(socket, path);
                        return a.status() + " " + a.body();
                    }));
                }
            }
            t0 = System.nanoTime();
            go.countDown();
            List<String> failures = new ArrayList<>();
            int okCount = 0;
            for (Future<String> f : good) {
                String answer = result(f);
                if (answer.startsWith("200 OK") || answer.startsWith("200 [")) okCount++;
                else failures.add(answer);
            }
            int badCount = 0;
            for (Future<String> f : bad) {
                String answer = result(f);
                if (answer.startsWith("400 {\"message\":\"malformed HTTP request")) badCount++;
                else failures.add("malformed: " + answer);
            }
            assertEquals(wellFormed, good.size());
            assertEquals(broken, bad.size());
            assertEquals(List.of(), failures, failures.size() + " of " + (wellFormed + broken)
                    + " requests did not get the expected answer (200 for " + wellFormed + " well-formed, 400 for " + broken + " malformed)");
            assertEquals(wellFormed, okCount);
            assertEquals(broken, badCount);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        System.out.println("engine e2e: " + wellFormed + " clients and " + broken + " malformed requests answered in " + seconds + " s");
        assertEquals(200, UnixHttp.get(socket, "/_ping").status(), "the proxy still serves");
        awaitTrue(() -> Integer.parseInt(SharedBerth.subsystem("engine").path("facts").path("connections").asText("-1")) == 0,
                Duration.ofSeconds(30), () -> "every connection was closed: " + SharedBerth.subsystem("engine"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String result(Future<String> f) throws Exception {
        try {
            return f.get(3, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within 3 minutes";
        }
    }

    /** A build context: multi-stage, COPY of a folder, RUN, a build arg and a .dockerignore that keeps two files out. */
    private static Path buildContext(String name) throws IOException {
        Path context = Files.createDirectories(work.resolve("build-" + name));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %1$s AS base
                ARG GREETING=hello
                RUN echo "$GREETING from stage one" > /greeting
                FROM %1$s
                COPY --from=base /greeting /greeting
                COPY app/ /app/
                """.formatted(busybox));
        Path app = Files.createDirectories(context.resolve("app"));
        Files.writeString(app.resolve("kept.txt"), "kept\n");
        Files.writeString(app.resolve("secret.txt"), "must not be sent\n");
        Files.writeString(app.resolve("debug.log"), "must not be sent\n");
        Files.writeString(context.resolve(".dockerignore"), "app/secret.txt\n**/*.log\n");
        return context;
    }

    private static void assertBuilt(String image, String greeting) throws Exception {
        Result run = ok(docker("run", "--rm", "--label", LABEL, image, "sh", "-c", "cat /greeting; ls /app"));
        assertEquals(greeting + " from stage one\nkept.txt\n", run.out(),
                "the build arg reached stage one, COPY --from carried its file, .dockerignore kept secret.txt and debug.log out");
    }

    /**
     * Debian's registry 2.8 from its .deb, with the C library it links, imported as an image; it asks for basic auth
     * against {@code /etc/docker/registry/htpasswd}, which a test copies into its container.
     */
    private static String registryImage() throws Exception {
        String image = "berth-e2e/engine-registry:2.8";
        if (docker("image", "inspect", image).code() == 0) return image;
        Path unpacked = DebianPackage.unpacked("docker-registry");
        Path root = work.resolve("registry-root");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.createDirectories(root.resolve("etc/docker/registry"));
        Files.createDirectories(root.resolve("var/lib/docker-registry"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(unpacked.resolve("usr/bin/docker-registry"), root.resolve("usr/bin/docker-registry"));
        Result ldd = ok(exec(List.of("ldd", unpacked.resolve("usr/bin/docker-registry").toString()), null, T, Map.of()));
        for (String line : ldd.out().lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String lib = words.length >= 3 && words[1].equals("=>") ? words[2] : words[0];
            if (!lib.startsWith("/")) continue;
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib).toRealPath(), target);
        }
        Files.writeString(root.resolve("etc/docker/registry/config.yml"), """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: /var/lib/docker-registry
                  delete:
                    enabled: true
                http:
                  addr: :5000
                auth:
                  htpasswd:
                    realm: berth-e2e
                    path: /etc/docker/registry/htpasswd
                """);
        Path tar = work.resolve("registry.tar");
        ok(exec(List.of("tar", "-C", root.toString(), "--owner=0", "--group=0", "-cf", tar.toString(), "."), null, T, Map.of()));
        ok(docker("import", "--change", "ENTRYPOINT [\"/usr/bin/docker-registry\"]",
                "--change", "CMD [\"serve\", \"/etc/docker/registry/config.yml\"]", "--change", "EXPOSE 5000", tar.toString(), image));
        return image;
    }

    /**
     * A Compose v2 project: {@code store} serves a file it appends to on a named volume, 3 s after it starts, and is
     * healthy once it serves; {@code web} is built with a build arg, starts when store is healthy, sits on both networks
     * and publishes a port, and its CGI fetches store's file by name; {@code debug} runs only with profile debug.
     */
    private static Path composeProject() throws IOException {
        Path project = Files.createDirectories(work.resolve("compose"));
        Files.writeString(project.resolve("compose.yaml"), """
                services:
                  store:
                    image: %1$s
                    init: true
                    command: ["sh", "-c", "echo stored at $$(date +%%s) >> /data/index.html; echo store ready; sleep 3; exec httpd -f -p 8080 -h /data"]
                    healthcheck:
                      test: ["CMD-SHELL", "wget -qO- http://127.0.0.1:8080/index.html > /dev/null"]
                      interval: 1s
                      timeout: 5s
                      retries: 60
                    volumes: ["data:/data"]
                    networks: [back]
                  web:
                    build:
                      context: ./web
                      args:
                        WEB_TITLE: berth-compose
                    init: true
                    depends_on:
                      store:
                        condition: service_healthy
                    ports: ["${WEB_PORT}:80"]
                    networks: [front, back]
                  debug:
                    image: %1$s
                    profiles: [debug]
                    init: true
                    command: ["sh", "-c", "wget -qO- http://store:8080/index.html; exec sleep 3600"]
                    networks: [back]
                volumes:
                  data:
                networks:
                  front:
                  back:
                """.formatted(busybox));
        Path web = Files.createDirectories(project.resolve("web"));
        Files.writeString(web.resolve("Dockerfile"), """
                FROM %s
                ARG WEB_TITLE=untitled
                COPY hello.cgi /www/cgi-bin/hello
                RUN echo "$WEB_TITLE" > /www/title
                CMD ["sh", "-c", "echo web ready; exec httpd -f -v -p 80 -h /www"]
                """.formatted(busybox));
        Path cgi = web.resolve("hello.cgi");
        Files.writeString(cgi, """
                #!/bin/sh
                printf 'Content-Type: text/plain\\r\\n\\r\\n'
                echo "title: $(cat /www/title)"
                echo "store: $(wget -qO- http://store:8080/index.html)"
                """);
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return project;
    }

    private static String sortedNetworks(String container) throws Exception {
        String names = ok(docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container)).out();
        return Stream.of(names.strip().split(" ")).sorted().toList().toString().replace(",", "");
    }

    /** The long-lived container of the suite: on volume eng-vol and network eng-net (alias main), serving /var/www. */
    private static synchronized void ensureMain() throws Exception {
        Result state = docker("inspect", "-f", "{{.State.Running}}", MAIN);
        if (state.code() == 0 && state.out().strip().equals("true")) return;
        docker("rm", "-f", MAIN);
        ok(docker("volume", "create", "--label", LABEL, VOLUME));
        if (docker("network", "inspect", NETWORK).code() != 0) ok(docker("network", "create", "--label", LABEL, NETWORK));
        ok(docker("run", "-d", "--name", MAIN, "--label", LABEL, "-v", VOLUME + ":/v", "--network", NETWORK,
                "--network-alias", "main", busybox, "sh", "-c", TRAPPING_SHELL));
        awaitLog(MAIN, "ready");
    }

    private static void removeLeftovers() throws Exception {
        if (docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT).out().strip().length() > 0
                || docker("volume", "inspect", COMPOSE_PROJECT + "_data").code() == 0) {
            for (String c : docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT).out().split("\\s+")) {
                if (!c.isBlank()) docker("rm", "-f", c);
            }
            docker("volume", "rm", COMPOSE_PROJECT + "_data");
            docker("network", "rm", COMPOSE_PROJECT + "_back", COMPOSE_PROJECT + "_front");
        }
        List<String> containers = docker("ps", "-aq", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!containers.isEmpty()) docker(concat(List.of("rm", "-f"), containers.toArray(String[]::new)).toArray(String[]::new));
        List<String> volumes = docker("volume", "ls", "-q", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!volumes.isEmpty()) docker(concat(List.of("volume", "rm", "-f"), volumes.toArray(String[]::new)).toArray(String[]::new));
        List<String> networks = docker("network", "ls", "-q", "--filter", "label=" + LABEL).out().lines().filter(l -> !l.isBlank()).toList();
        if (!networks.isEmpty()) docker(concat(List.of("network", "rm"), networks.toArray(String[]::new)).toArray(String[]::new));
        List<String> images = docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").out().lines()
                .filter(l -> l.startsWith("berth-e2e/engine-") || l.contains("/berth-e2e/pushed:") || l.startsWith(COMPOSE_PROJECT + "-"))
                .toList();
        if (!images.isEmpty()) docker(concat(List.of("rmi", "-f"), images.toArray(String[]::new)).toArray(String[]::new));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Result docker(String... args) throws IOException, InterruptedException {
        return SharedBerth.docker(T, args);
    }

    private static Result ok(Result r) {
        assertEquals(0, r.code(), r.all());
        return r;
    }

    /** Runs a program with the docker environment (Berth's socket, the suite's docker config) plus {@code env}. */
    private static Result exec(List<String> cmd, String input, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(dockerEnv());
        all.putAll(env);
        return BerthCli.exec(cmd, input, timeout, all);
    }

    /** Runs {@code command} in a new pseudo-terminal (util-linux script), typing {@code input} into it. */
    private static Result pty(String command, String input) throws IOException, InterruptedException {
        return exec(List.of("script", "-qec", command, "/dev/null"), input, T, Map.of());
    }

    private static Map<String, String> dockerEnv() throws IOException {
        return SharedBerth.dockerEnv();
    }

    private static List<String> dockerCommand(String... args) {
        return concat(List.of(BerthCli.DOCKER.toString()), args);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static Path socket() {
        return BerthCli.HOME.resolve("run/docker.sock");
    }

    private static Result curl(String url, String... options) {
        try {
            return BerthCli.exec(concat(List.of("curl", "-sS", "--max-time", "10", url), options), null, Duration.ofSeconds(30), Map.of());
        } catch (IOException | InterruptedException e) {
            return new Result(-1, "", e.toString());
        }
    }

    private static void assertGone(String name) throws Exception {
        awaitTrue(() -> docker("ps", "-aq", "--filter", "name=^" + name + "$").out().isBlank(), Duration.ofSeconds(30),
                () -> "--rm removed " + name);
    }

    private static void awaitLog(String container, String text) throws Exception {
        awaitTrue(() -> docker("logs", container).out().contains(text), Duration.ofSeconds(60),
                () -> container + " logged " + text + ": " + docker("logs", container).all());
    }

    private static String serverTime() throws Exception {
        return ok(docker("info", "--format", "{{.SystemTime}}")).out().strip();
    }

    private static String token() {
        return Long.toHexString(System.nanoTime()) + Integer.toHexString(new Random().nextInt(1 << 20));
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            return s.getLocalPort();
        }
    }

    /** The local ends of the open TCP connections from this host to dockerd's forwarded port (the proxy's guest links). */
    /**
     * The proxy's open connections to dockerd: relay streams accepted on the port relay's host socket for the
     * engine (listed by inode in /proc/net/unix), and TLS connections to the engine's loopback port (by local port).
     */
    private static Set<String> guestConnections() throws IOException {
        Set<String> open = new HashSet<>();
        String relay = BerthCli.HOME.resolve("run/guest/var_run_docker.sock").toString();
        for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
            String[] f = line.strip().split("\\s+");
            // Num RefCount Protocol Flags Type St Inode Path: accepted sockets carry the listener's path, state 03
            if (f.length > 7 && f[7].equals(relay) && f[5].equals("03")) open.add("unix:" + f[6]);
        }
        int port = JSON.readTree(BerthCli.HOME.resolve("run/vm/machine.json").toFile()).path("dockerPort").asInt();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            for (String line : Files.readAllLines(p)) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("01")) open.add(f[1]);
            }
        }
        return open;
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    @FunctionalInterface
    private interface Message {
        String get() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, Message message) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError(message.get());
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }
}
