package dev.berth.platform.internal;

import dev.berth.cli.home.PrivateHome;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemon's log file, kept to one previous file ({@code NAME.1}) while the daemon runs: the client rotates it
 * only when it starts a daemon, and a daemon that runs for weeks would otherwise grow it without end. Once the file
 * passes its limit it moves aside, and standard output and error go on in a new file.
 */
final class DaemonLogFile {
    /** The limit the client applies at spawn too. */
    static final long LIMIT = 10L << 20;
    /** How much is written between two looks at the file's size. */
    private static final long CHECK_EVERY = 64 << 10;
    private final Path log;
    private final long limit;
    private PrintStream out;
    /** Whether {@link #out} was opened here (not the process's own output), so that a rotation closes it. */
    private boolean opened;
    private long sinceCheck;

    DaemonLogFile(Path log, long limit, PrintStream out) {
        this.log = log;
        this.limit = limit;
        this.out = out;
    }

    /** The daemon's log named by {@code BERTH_DAEMON_LOG}, where the client sends standard output; null when unset. */
    static DaemonLogFile fromEnvironment() {
        String path = System.getenv("BERTH_DAEMON_LOG");
        return path == null || path.isBlank() ? null : new DaemonLogFile(Path.of(path), LIMIT, System.out);
    }

    /** Where to write now. */
    synchronized PrintStream out() {
        return out;
    }

    /** Notes that {@code chars} were written; rotates when the file has grown past its limit. */
    synchronized void written(int chars) {
        sinceCheck += chars;
        if (sinceCheck < CHECK_EVERY && sinceCheck < limit) return;
        sinceCheck = 0;
        try {
            if (!Files.exists(log) || Files.size(log) <= limit) return;
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            PrivateHome.createFile(log);
            PrintStream next = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8);
            if (opened) out.close();
            out = next;
            opened = true;
            System.setOut(next);
            System.setErr(next);
        } catch (IOException e) {
            out.println("cannot rotate the daemon log " + log + ": " + e.getMessage());
        }
    }
}
