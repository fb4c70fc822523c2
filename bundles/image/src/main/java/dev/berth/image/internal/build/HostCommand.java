package dev.berth.image.internal.build;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs a host tool with a time limit and captures its output; a missing tool is named with its Debian package. */
final class HostCommand {
    /** Where Debian keeps administration tools, which a normal user's {@code PATH} often lacks. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin");

    /**
     * The outcome of a finished command.
     *
     * @param command  the words run
     * @param exitCode its exit code
     * @param stdout   its standard output
     * @param stderr   its standard error
     */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** This result when the exit code is 0; otherwise an error naming the command and its error output. */
        Result requireSuccess() throws IOException {
            if (exitCode != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + exitCode + ": "
                        + (stderr.isBlank() ? stdout.strip() : stderr.strip()));
            }
            return this;
        }
    }

    private HostCommand() {
    }

    /**
     * Runs {@code command} in {@code folder} with {@code LC_ALL=C} plus {@code environment}, waiting at most
     * {@code timeout}.
     *
     * @param debianPackage the Debian package that provides the tool, named when it is not installed
     */
    static Result run(List<String> command, Path folder, Map<String, String> environment, Duration timeout,
            String debianPackage) throws IOException {
        List<String> words = new ArrayList<>(command);
        words.set(0, locate(command.getFirst(), debianPackage));
        ProcessBuilder builder = new ProcessBuilder(words).directory(folder.toFile());
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        FutureTask<String> stdout = drain(process.getInputStream());
        FutureTask<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped: check the network and the disk, then retry");
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IOException("could not read the output of " + String.join(" ", command), e.getCause());
        }
    }

    /** The full path of a tool found in {@code PATH}, {@code /usr/sbin} or {@code /sbin}. */
    static String locate(String tool, String debianPackage) throws IOException {
        if (tool.contains("/")) {
            return tool;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> folders = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        folders.addAll(SBIN);
        for (String folder : folders) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, tool);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(tool + " is not installed (looked in PATH, /usr/sbin and /sbin): install it with "
                + "sudo apt-get install " + debianPackage);
    }

    private static FutureTask<String> drain(InputStream in) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        Thread.ofVirtual().name("host-command-output").start(task);
        return task;
    }
}
