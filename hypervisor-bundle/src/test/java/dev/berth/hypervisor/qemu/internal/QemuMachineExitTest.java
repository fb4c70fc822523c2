package dev.berth.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.MachineSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine notices at once that its QEMU ended: QEMU daemonizes, so it is no child of the daemon, and the JDK
 * checks a process that is not its child for its exit only every 0.3 s at first and up to every 5 s later.
 */
class QemuMachineExitTest {
    @TempDir
    Path dir;

    @Test
    void theEndOfQemuIsSeenWithinAFewMilliseconds() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> serveQmp(server, accepted));
            ProcessHandle qemu = notOurChild();
            try {
                QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5));
                MachineSpec spec = new MachineSpec("berth", Path.of("/k"), List.of(), "", 1, 512, List.of(), List.of(),
                        List.of(), List.of(), dir, dir.resolve("console.log"), null);
                QemuMachine machine = new QemuMachine(spec, qemu.pid(), Accelerator.TCG, qmp);
                assertTrue(machine.isAlive());

                long t0 = System.nanoTime();
                // QEMU quitting: its control connection ends, then its process
                accepted.get(5, TimeUnit.SECONDS).close();
                qemu.destroy();
                machine.exited().get(5, TimeUnit.SECONDS);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(millis < 150, "the exit was seen after " + millis + " ms");
                assertFalse(machine.isAlive());
            } finally {
                qemu.destroyForcibly();
            }
        }
    }

    /** A process that outlives the shell that started it, as a daemonized QEMU does. */
    private static ProcessHandle notOurChild() throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 60 </dev/null >/dev/null 2>&1 & echo $!").start();
        String pid = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        shell.waitFor();
        return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    }

    /** Greets and answers every command with an empty return, like QEMU's QMP. */
    private static void serveQmp(ServerSocketChannel server, CompletableFuture<SocketChannel> accepted) {
        try {
            SocketChannel client = server.accept();
            accepted.complete(client);
            OutputStream out = Channels.newOutputStream(client);
            out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            while (in.readLine() != null) out.write("{\"return\": {}}\n".getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            // the connection ended
        }
    }
}
