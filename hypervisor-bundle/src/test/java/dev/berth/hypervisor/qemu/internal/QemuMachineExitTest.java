package dev.berth.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.hypervisor.qemu.internal.qmp.QmpClient;
import dev.berth.hypervisor.qemu.internal.virtiofs.FileServerProgram;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine notices that its QEMU ended even while the JDK still counts the process alive: QEMU daemonizes, so it is
 * no child of the daemon, and the JDK counts a process that ended but is not yet reaped (a zombie) alive, and checks
 * a process that is not its child only every 0.3 s at first and up to every 5 s later.
 */
class QemuMachineExitTest {
    @TempDir
    Path dir;

    @Test
    void theEndOfQemuIsSeenWhileTheJdkStillCountsItAlive() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> serveQmp(server, accepted));
            Process parent = new ProcessBuilder("/bin/sh", "-c",
                    "sleep 60 </dev/null >/dev/null 2>&1 & echo $!; exec sleep 60 >/dev/null").start();
            ProcessHandle qemu = notOurChild(parent);
            try {
                QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(5));
                MachineSpec spec = new MachineSpec("berth", Path.of("/k"), List.of(), "", 1, 512, List.of(), List.of(),
                        List.of(), List.of(), dir, dir.resolve("console.log"), null);
                QemuMachine machine = new QemuMachine(spec, qemu.pid(), Accelerator.TCG, FileServerProgram.BERTH, qmp);
                assertTrue(machine.isAlive());

                // QEMU quitting: its control connection ends, then its process, which nobody reaps
                accepted.get(5, TimeUnit.SECONDS).close();
                qemu.destroy();
                awaitZombie(qemu.pid());
                assertTrue(qemu.isAlive(), "the JDK counts the unreaped process alive, so its onExit cannot help");
                // only the watch that starts when the control connection ends can complete this
                machine.exited().get(20, TimeUnit.SECONDS);
                assertFalse(machine.isAlive());
            } finally {
                qemu.destroyForcibly();
                parent.destroyForcibly();
            }
        }
    }

    /**
     * A process that is not our child, as a daemonized QEMU is not; its parent (the shell, which then becomes a
     * {@code sleep}) never reaps it, so once it ends it stays a zombie.
     */
    private static ProcessHandle notOurChild(Process parent) throws Exception {
        String pid = parent.inputReader(StandardCharsets.UTF_8).readLine().strip();
        return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    }

    /** Waits until {@code pid} has ended but is not reaped. */
    private static void awaitZombie(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 2000; i++) {
            String text = Files.readString(stat);
            if (text.charAt(text.lastIndexOf(')') + 2) == 'Z') return;
            Thread.sleep(5);
        }
        throw new AssertionError("the process did not end");
    }

    /** Greets and answers every command with an empty return and the command's id, like QEMU's QMP. */
    private static void serveQmp(ServerSocketChannel server, CompletableFuture<SocketChannel> accepted) {
        try {
            SocketChannel client = server.accept();
            accepted.complete(client);
            OutputStream out = Channels.newOutputStream(client);
            out.write("{\"QMP\": {\"version\": {}, \"capabilities\": []}}\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String id = new ObjectMapper().readTree(line).path("id").toString();
                out.write(("{\"return\": {}, \"id\": " + id + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            // the connection ended
        }
    }
}
