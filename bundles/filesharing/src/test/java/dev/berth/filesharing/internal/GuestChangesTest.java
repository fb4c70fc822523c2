package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes a file server reports are the guest's own for a second, only of their kind and path. */
class GuestChangesTest {
    @TempDir
    Path tmp;

    @Test
    void aReportedPathIsTheGuestsForASecond() throws Exception {
        Path socket = tmp.resolve("changes.sock");
        try (GuestChanges guest = new GuestChanges(socket);
             SocketChannel server = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.connect(UnixDomainSocketAddress.of(socket));
            server.write(ByteBuffer.wrap("c /share/src/app.js\nw /share/a b/ü.txt\nnot a change\n".getBytes(StandardCharsets.UTF_8)));
            Path app = Path.of("/share/src/app.js");
            for (int i = 0; i < 100 && !guest.byGuest("w", Path.of("/share/a b/ü.txt"), System.nanoTime()); i++) Thread.sleep(20);
            long now = System.nanoTime();
            assertTrue(guest.byGuest("c", app, now));
            assertTrue(guest.byGuest("cm", app, now));
            assertFalse(guest.byGuest("d", app, now), "a removal after the guest's create is the host's");
            assertTrue(guest.byGuest("w", Path.of("/share/a b/ü.txt"), now));
            assertFalse(guest.byGuest("c", Path.of("/share/src"), now), "only the path itself");
            assertFalse(guest.byGuest("c", app, now + GuestChanges.WINDOW_NANOS), "a host change a second later is the host's");
        }
    }
}
