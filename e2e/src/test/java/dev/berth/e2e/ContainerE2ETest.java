package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Containers through the docker CLI: run, terminals, exec, logs, attach, signals, cp, volumes and user networks. */
@Order(3)
class ContainerE2ETest extends EngineSuite {
    @Test
    @Order(1)
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
    @Order(2)
    void runInteractiveThroughAPseudoTerminal() throws Exception {
        Result it = pty(BerthCli.DOCKER + " run -it --rm --name eng-it --label " + LABEL + " " + busybox + " sh",
                "[ -t 0 ] && echo tty-$((20+3))\necho inside $((6*7))\nexit 3\n");
        assertEquals(3, it.code(), "the shell's exit code comes back through run -it: " + it.all());
        assertTrue(it.out().contains("tty-23"), "stdin is a terminal: " + it.all());
        assertTrue(it.out().contains("inside 42"), "the typed command ran in the container: " + it.all());
        assertGone("eng-it");
    }

    @Test
    @Order(3)
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
    @Order(4)
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
    @Order(5)
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
    @Order(6)
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
    @Order(7)
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
    @Order(8)
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
    @Order(9)
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
    @Order(10)
    void aUserNetworkResolvesContainersByNameAndAlias() throws Exception {
        ensureMain();
        Result byName = ok(docker("run", "--rm", "--label", LABEL, "--network", NETWORK, busybox,
                "sh", "-c", "wget -qO- http://" + MAIN + "/ && wget -qO- http://main/ && nslookup " + MAIN + " >/dev/null && echo resolved"));
        assertEquals("hello from berth\nhello from berth\nresolved\n", byName.out(), byName.all());
        Result outside = docker("run", "--rm", "--label", LABEL, busybox, "wget", "-T", "5", "-qO-", "http://" + MAIN + "/");
        assertNotEquals(0, outside.code(), "the default bridge has no name for a container of another network: " + outside.all());
    }


    // -----------------------------------------------------------------------------------------------------------

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
}
