package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketFileTest {
    @TempDir
    Path dir;

    @Test
    void removesASocketNobodyServes() throws IOException {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "a closed Java server leaves its socket file behind");
        SocketFile.prepare(socket, true);
        assertFalse(Files.exists(socket));
    }

    @Test
    void refusesASocketSomeoneServesOrAPlainFile() throws IOException {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel alive = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            alive.bind(UnixDomainSocketAddress.of(socket));
            IOException busy = assertThrows(IOException.class, () -> SocketFile.prepare(socket, true));
            assertTrue(busy.getMessage().contains("another process already serves"), busy.getMessage());
        }
        Files.delete(socket);
        Files.writeString(socket, "not a socket");
        assertThrows(IOException.class, () -> SocketFile.prepare(socket, true));
    }
}
