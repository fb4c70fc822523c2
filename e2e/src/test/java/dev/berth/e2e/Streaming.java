package dev.berth.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A command whose output lines are read as they arrive (docker logs -f, docker events), ended by the test. */
final class Streaming implements AutoCloseable {
    private static final String END = "\u0000end";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuffer err = new StringBuffer();
    private final String name;

    private Streaming(List<String> cmd, Map<String, String> env, boolean input) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        if (!input) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        this.name = String.join(" ", cmd);
        this.process = pb.start();
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    static Streaming start(List<String> cmd, Map<String, String> env) throws IOException {
        return new Streaming(cmd, env, false);
    }

    /** Starts a command whose standard input the test writes with {@link #send}. */
    static Streaming startWithInput(List<String> cmd, Map<String, String> env) throws IOException {
        return new Streaming(cmd, env, true);
    }

    /** Writes to the command's standard input (kept open). */
    void send(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the command to end by itself and returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end within " + timeout + "; saw " + seen + "\n" + err);
        }
        return process.exitValue();
    }

    private void pump(BufferedReader reader, boolean out) {
        Thread.ofPlatform().daemon().start(() -> {
            try (reader) {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (out) lines.add(l);
                    else err.append(l).append('\n');
                }
            } catch (IOException e) {
                // the process was ended
            } finally {
                if (out) lines.add(END);
            }
        });
    }

    /** Waits for the next line that matches, failing when the output ends or the time is up. */
    String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null) throw new AssertionError("no matching line within " + timeout + " from " + name + "; saw " + seen + "\n" + err);
            if (l.equals(END)) {
                lines.add(END);
                throw new AssertionError("the output of " + name + " ended without a matching line; saw " + seen + "\n" + err);
            }
            seen.add(l);
            if (match.test(l)) return l;
        }
    }

    /** Every line read so far. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    boolean alive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** Ends the client the way a user's Ctrl-C does (SIGINT, then SIGKILL if it lingers). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            process.destroy();
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
