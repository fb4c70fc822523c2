package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.files.Share;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeForwarderTest {
    @TempDir
    Path tmp;

    /** Plays the guest's fsevents service on the other end of the port's socket. */
    @Test
    void sendsAHostEditToTheGuestWithinASecondOfItsMountReport() throws Exception {
        Path share = Files.createDirectories(tmp.toRealPath().resolve("share/src"));
        Path socket = tmp.resolve("fsevents.sock");
        Share s = new Share(share.getParent(), "berth-aa", false);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (ChangeForwarder f = new ChangeForwarder(socket, () -> List.of(s), tmp.resolve("home"));
                 SocketChannel guest = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(guest), StandardCharsets.UTF_8));
                assertEquals("hello", in.readLine());
                assertTrue(in.readLine().matches("budget \\d+"));
                guest.write(java.nio.ByteBuffer.wrap("mounts\nmount berth-aa /src\nend\n".getBytes(StandardCharsets.UTF_8)));
                assertTrue(in.readLine().matches("budget \\d+"), "a mount report is answered with the budget again");
                Path file = share.resolve("app.js");
                for (int i = 0; i < 50 && !f.describe().contains("1 inotify watch"); i++) Thread.sleep(20);
                long start = System.nanoTime();
                Files.writeString(file, "console.log(1)");
                String line = in.readLine();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(line.endsWith(" " + file), line);
                assertEquals(".", in.readLine());
                assertTrue(millis < 1000, millis + " ms");
                for (int i = 0; i < 50 && !f.describe().contains("1 change(s)"); i++) Thread.sleep(20);
                assertTrue(f.describe().startsWith("watching 1 mounted folder(s), 1 inotify watch(es); 1 change(s)"),
                        f.describe());
            }
        }
    }
}
