package dev.berth.e2e.ui;

import dev.berth.e2e.BerthCli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The shared Berth's dashboard: one-time login addresses from {@code berth dashboard --print}, the access token from
 * its file, raw requests and the daemon's memory.
 */
final class Dashboard {
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    final int port;

    private Dashboard(int port) {
        this.port = port;
    }

    /** Finds the dashboard's port from a login address. */
    static Dashboard find() throws Exception {
        return new Dashboard(URI.create(loginUrl()).getPort());
    }

    /** A new address with a login code, which opens the dashboard once. */
    static String loginUrl() throws Exception {
        Shared.Result r = Shared.berth(Duration.ofSeconds(30), "dashboard", "--print");
        if (r.code() != 0) throw new AssertionError(r.all());
        return r.out().lines().filter(l -> l.startsWith("http://")).findFirst()
                .orElseThrow(() -> new AssertionError("no URL in\n" + r.all())).strip();
    }

    /** The long-lived access token, as only its owner can read it. */
    static String token() throws IOException {
        return Files.readString(BerthCli.HOME.resolve("state/dashboard.token")).strip();
    }

    /** The base address without the token. */
    String base() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** Sends raw HTTP (so any Host and Origin can be given) and returns the status line and headers. */
    String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) break;
            }
            return head.toString();
        }
    }

    /** The resident memory of a process in KiB, from {@code /proc/PID/status}. */
    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no VmRSS for pid " + pid);
    }
}
