package dev.berth.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Shows the end of a log file and optionally follows it, like {@code tail -f}. */
final class LogTail {
    private final CliHome home;
    private final PrintStream out;
    private final PrintStream err;

    LogTail(CliHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** Handles {@code berth logs [-f] [-n N] [vm]}. */
    int run(List<String> args) throws IOException {
        boolean follow = false;
        int lines = 100;
        Path file = home.daemonLog();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-f", "--follow" -> follow = true;
                case "-n", "--lines" -> {
                    if (i + 1 >= args.size()) return usage("-n needs a number");
                    try {
                        lines = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        return usage("-n needs a number, got '" + args.get(i) + "'");
                    }
                }
                case "vm", "console" -> file = home.consoleLog();
                case "daemon" -> file = home.daemonLog();
                default -> {
                    return usage("unknown option '" + args.get(i) + "'");
                }
            }
        }
        if (!Files.exists(file)) {
            err.println("No log yet at " + file + " (has Berth been started?)");
            return follow ? followFile(file, 0) : 1;
        }
        lastLines(file, lines).forEach(out::println);
        return follow ? followFile(file, Files.size(file)) : 0;
    }

    private int usage(String problem) {
        err.println("berth logs: " + problem + "\nUsage: berth logs [-f] [-n LINES] [daemon|vm]");
        return 2;
    }

    private int followFile(Path file, long from) throws IOException {
        long position = from;
        byte[] buffer = new byte[8192];
        while (true) {
            if (Files.exists(file)) {
                long size = Files.size(file);
                if (size < position) position = 0;
                if (size > position) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                        raf.seek(position);
                        for (int n; (n = raf.read(buffer)) > 0; ) {
                            out.write(buffer, 0, n);
                            position += n;
                        }
                        out.flush();
                    }
                }
            }
            DaemonLauncher.sleep(200);
            if (out.checkError()) return 0;
        }
    }

    /** The last {@code count} lines of a file, or none when it cannot be read. */
    static List<String> lastLines(Path file, int count) {
        Deque<String> last = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                last.addLast(line);
                if (last.size() > count) last.removeFirst();
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(last);
    }
}
