package dev.berth.virtiofs.internal.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The changes the guest makes through the server reach the daemon's socket by kind and host path, a write run once. */
class ChangeReportsTest {
    private static final int O_RDWR = 2;

    @TempDir
    Path tmp;

    @Test
    void everyChangeTheGuestMakesIsReportedWithItsHostPath() throws Exception {
        Path share = Files.createDirectories(tmp.toRealPath().resolve("share"));
        Path socket = tmp.resolve("changes.sock");
        try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            daemon.bind(UnixDomainSocketAddress.of(socket));
            FuseClient fuse = new FuseClient(new FuseServer(share, false, socket));
            assertEquals(0, fuse.init().error());
            long dir = FuseClient.nodeid(fuse.mkdir(1, "src", 0755, 022));
            try (SocketChannel server = daemon.accept()) {
                FuseClient.Answer created = fuse.create(dir, "app.js", O_RDWR, 0644, 022);
                long file = FuseClient.nodeid(created);
                long fh = created.body().getLong(Fuse.ENTRY_OUT);
                for (int i = 0; i < 3; i++) assertEquals(0, fuse.write(file, fh, i, new byte[] {'x'}).error());
                assertEquals(0, fuse.release(Fuse.RELEASE, file, fh).error());
                assertEquals(0, fuse.rename2(dir, "app.js", 1, "main.js", 0).error());
                assertEquals(0, fuse.unlink(Fuse.UNLINK, 1, "main.js").error());
                // created for writing and closed unwritten (: > empty): the host sees IN_CLOSE_WRITE all the same
                FuseClient.Answer empty = fuse.create(1, "empty", O_RDWR, 0644, 022);
                assertEquals(0, fuse.release(Fuse.RELEASE, FuseClient.nodeid(empty),
                        empty.body().getLong(Fuse.ENTRY_OUT)).error());
                // opened for writing and closed unwritten, as an announced replay does: not reported, or the host's
                // next change would pass for the guest's
                long opened = fuse.open(FuseClient.nodeid(empty), O_RDWR).body().getLong(0);
                assertEquals(0, fuse.release(Fuse.RELEASE, FuseClient.nodeid(empty), opened).error());
                fuse.mkdir(1, "last", 0755, 022);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(server),
                        StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                for (String line; !(line = in.readLine()).endsWith("/last"); ) lines.add(line);
                // mkdir, create, one report for three writes in a row and the close, the rename's two names, unlink,
                // the unwritten file's create and close
                assertEquals(List.of("c " + share + "/src", "c " + share + "/src/app.js", "w " + share + "/src/app.js",
                        "m " + share + "/src/app.js", "m " + share + "/main.js", "d " + share + "/main.js",
                        "c " + share + "/empty", "w " + share + "/empty"), lines);
            }
        }
    }
}
