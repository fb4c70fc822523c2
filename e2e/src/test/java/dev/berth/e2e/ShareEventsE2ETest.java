package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Shared folders while containers use them: host changes as inotify events, shares changed live, the file budget. */
@Order(5)
class ShareEventsE2ETest extends SharedFolderSuite {
    @AfterAll
    static void removeTheWatchers() throws Exception {
        SharedBerth.docker(T, "rm", "-f", "fs-watch", "fs-watch-kinds");
    }

    @Test
    @Order(1)
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
    @Order(2)
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
    @Order(3)
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
    @Order(4)
    void theGuestIsToldHowManyFilesTheFileServerMayHoldOpenWithEveryMountReport() throws Exception {
        // Without the budget the guest caches an inode per file a container touches, each an open descriptor in
        // the file server, until creating a file fails with "Too many open files". An agent that restarts, or
        // opens its port after the host's greeting, starts without one: every mount report gets it again.
        awaitTrue(() -> budget().matches("[1-9][0-9]*"), T, "the guest's fsevents agent holds a budget");
        // removed and checked in one command: a mount report can come at any moment (the test before this one
        // changes the shares) and bring the budget back before a second container could look
        String left = docker("run", "--rm", "--privileged", "--pid", "host", image, "nsenter", "-t", "1", "-m", "--",
                "sh", "-c", "rm -f /run/berth-fsevents.budget; cat /run/berth-fsevents.budget 2>/dev/null || true").out();
        assertEquals("", left.strip(), "the budget is gone");
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
    @Order(5)
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