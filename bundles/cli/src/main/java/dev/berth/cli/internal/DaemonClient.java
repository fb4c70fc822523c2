package dev.berth.cli.internal;

import dev.berth.cli.protocol.Frame;
import dev.berth.cli.protocol.FrameChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Talks to the daemon over its control socket. */
final class DaemonClient {
    private final CliHome home;

    DaemonClient(CliHome home) {
        this.home = home;
    }

    /** Whether a daemon answers a ping within two seconds. */
    boolean answers() {
        return ping().isPresent();
    }

    /** The daemon's pid, version and start time, or empty when none answers within two seconds. */
    Optional<Map<String, String>> ping() {
        CompletableFuture<Map<String, String>> answer = CompletableFuture.supplyAsync(() -> {
            try (FrameChannel frames = connect()) {
                frames.write(Frame.request("ping", List.of()));
                Map<String, String> info = new LinkedHashMap<>();
                for (Frame f = frames.read(); f != null && f.type() != Frame.EXIT; f = frames.read()) {
                    if (f.type() == Frame.STDOUT) {
                        f.text().lines().map(l -> l.split("=", 2)).filter(kv -> kv.length == 2)
                                .forEach(kv -> info.put(kv[0], kv[1]));
                    }
                }
                return info.containsKey("pid") ? info : null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return Optional.ofNullable(answer.get(2, TimeUnit.SECONDS));
        } catch (Exception e) {
            answer.cancel(true);
            return Optional.empty();
        }
    }

    /** Runs a daemon shell command given as words; prints its output; returns its exit code. */
    int exec(List<String> words, PrintStream out, PrintStream err) throws IOException {
        try (FrameChannel frames = connect()) {
            frames.write(Frame.request("exec", words));
            return relay(frames, out, err);
        }
    }

    /** Runs one line of the daemon's shell language. */
    int line(String line, PrintStream out, PrintStream err) throws IOException {
        try (FrameChannel frames = connect()) {
            frames.write(Frame.request("line", List.of(line)));
            return relay(frames, out, err);
        }
    }

    /** Runs an interactive shell, feeding it {@code in} until end of input. */
    int shell(InputStream in, PrintStream out, PrintStream err) throws IOException {
        try (FrameChannel frames = connect()) {
            frames.write(Frame.request("shell", List.of()));
            Thread.ofPlatform().daemon().name("berth-shell-stdin").start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (n > 0) frames.write(new Frame(Frame.STDIN, Arrays.copyOf(buffer, n)));
                    }
                    frames.write(new Frame(Frame.STDIN_EOF, new byte[0]));
                } catch (IOException e) {
                    // the shell ended
                }
            });
            return relay(frames, out, err);
        }
    }

    private static int relay(FrameChannel frames, PrintStream out, PrintStream err) throws IOException {
        ProgressRenderer renderer = new ProgressRenderer(out, out == System.out && System.console() != null);
        for (Frame f = frames.read(); f != null; f = frames.read()) {
            switch (f.type()) {
                case Frame.STDOUT -> renderer.write(f.payload());
                case Frame.STDERR -> {
                    renderer.finish();
                    err.write(f.payload());
                    err.flush();
                }
                case Frame.EXIT -> {
                    renderer.finish();
                    return f.code();
                }
                default -> throw new IOException("the daemon sent an unknown frame type " + f.type());
            }
        }
        throw new IOException("the daemon closed the connection before the command finished (did it stop or crash?"
                + " see berth logs)");
    }

    private FrameChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(home.socket()));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot reach the Berth daemon at " + home.socket() + ": " + e.getMessage(), e);
        }
        return new FrameChannel(channel);
    }
}
