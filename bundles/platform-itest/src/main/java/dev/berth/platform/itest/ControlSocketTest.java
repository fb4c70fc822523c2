package dev.berth.platform.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.cli.protocol.Frame;
import dev.berth.cli.protocol.FrameChannel;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The control socket is private to its owner and runs shell commands for the berth client. */
@ExtendWith(ServiceExtension.class)
class ControlSocketTest {
    @InjectService
    Daemon daemon;

    @Test
    void socketIsOwnerOnly() throws Exception {
        Path socket = daemon.home().resolve("run").resolve("berth.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void execRunsACommandAndReportsItsExitCode() throws Exception {
        Result ok = exec("exec", List.of("berth:version"));
        assertEquals(0, ok.code);
        assertTrue(ok.out.startsWith("Berth "), ok.out);
        Result unknown = exec("exec", List.of("berth:no-such-command"));
        assertEquals(1, unknown.code);
        assertTrue(unknown.err.contains("no-such-command"), unknown.err);
    }

    @Test
    void argumentsArriveVerbatimEvenWithSpacesAndQuotes() throws Exception {
        String odd = "a b 'c' \"d\" $e {f}";
        Result set = exec("exec", List.of("berth:settings", "daemon.motd", odd));
        assertEquals(0, set.code, set.err);
        Result get = exec("exec", List.of("berth:settings", "daemon.motd"));
        assertEquals(odd, get.out.strip());
        assertEquals(0, exec("exec", List.of("berth:settings", "--unset", "daemon.motd")).code);
    }

    @Test
    void aMalformedRequestGetsAnErrorAndTheServerKeepsServing() throws Exception {
        try (FrameChannel frames = connect()) {
            frames.write(Frame.text(Frame.STDIN, "not a request"));
            Frame first = frames.read();
            assertEquals(Frame.STDERR, first.type());
        }
        assertEquals(0, exec("ping", List.of()).code);
    }

    private record Result(int code, String out, String err) {
    }

    private Result exec(String verb, List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (FrameChannel frames = connect()) {
            frames.write(Frame.request(verb, args));
            for (Frame f = frames.read(); f != null; f = frames.read()) {
                switch (f.type()) {
                    case Frame.STDOUT -> out.write(f.payload());
                    case Frame.STDERR -> err.write(f.payload());
                    case Frame.EXIT -> {
                        return new Result(f.code(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
                    }
                    default -> throw new AssertionError("unexpected frame " + f.type());
                }
            }
        }
        throw new AssertionError("no exit frame");
    }

    private FrameChannel connect() throws Exception {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(daemon.home().resolve("run").resolve("berth.sock")));
        return new FrameChannel(channel);
    }
}
