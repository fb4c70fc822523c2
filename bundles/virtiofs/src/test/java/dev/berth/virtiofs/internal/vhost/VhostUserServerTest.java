package dev.berth.virtiofs.internal.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.nativeio.EventFds;
import dev.berth.nativeio.FileDescriptors;
import dev.berth.nativeio.SharedMemory;
import dev.berth.nativeio.UnixSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A front end written here sets up one queue in a memory file the way QEMU 7.2 does for vhost-user-fs, places
 * chains on it and kicks; the server must hand the bytes to the handler, return the chains on the used ring and
 * interrupt the driver.
 */
@Timeout(60)
class VhostUserServerTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long SIZE = 1 << 20;
    private static final long FILE_OFFSET = 1 << 20; // the region starts 1 MiB into the file (mmap_offset)
    private static final long GUEST_BASE = 0x4000_0000L;
    private static final long USER_BASE = 0x7f12_0000_0000L;
    private static final int QUEUE_SIZE = 8;
    private static final long DESC = 0, AVAIL = 0x1000, USED = 0x2000, INDIRECT = 0x3000;

    @TempDir
    Path dir;
    private Path socketPath;
    private int memfd;
    private MemorySegment guest;
    private int kick;
    private int call;
    private Thread server;
    private volatile Throwable serverFailure;
    private final List<String> served = new CopyOnWriteArrayList<>();
    private FrontEnd frontEnd;

    @BeforeEach
    void start() throws Exception {
        memfd = SharedMemory.createMemoryFile("guest", FILE_OFFSET + SIZE);
        guest = SharedMemory.map(memfd, FILE_OFFSET, SIZE);
        kick = EventFds.create(EventFds.NONBLOCK); // as QEMU makes its eventfds
        call = EventFds.create(0);
        socketPath = dir.resolve("fs.sock");
        RequestHandler handler = (queue, chain) -> {
            StringBuilder in = new StringBuilder();
            for (MemorySegment s : chain.readable()) in.append(new String(s.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            served.add(queue + ":" + in + ":" + chain.writable().size());
            byte[] answer = ("re " + in).getBytes(StandardCharsets.US_ASCII);
            MemorySegment out = chain.writable().getFirst();
            MemorySegment.copy(answer, 0, out, ValueLayout.JAVA_BYTE, 0, answer.length);
            return answer.length;
        };
        server = Thread.ofPlatform().start(() -> {
            try {
                VhostUserServer.serve(socketPath, handler);
            } catch (Throwable e) {
                serverFailure = e;
            }
        });
        while (!Files.exists(socketPath)) Thread.onSpinWait();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socketPath)));
        frontEnd = new FrontEnd(UnixSockets.connect(socketPath));
    }

    @AfterEach
    void stop() throws Exception {
        frontEnd.close();
        server.join();
        assertNull(serverFailure, "the server returns normally once the front end disconnects");
        assertFalse(Files.exists(socketPath), "the socket file is removed");
        SharedMemory.unmap(guest);
        FileDescriptors.close(memfd);
        FileDescriptors.close(kick);
        FileDescriptors.close(call);
    }

    @Test
    void servesADirectAndAnIndirectChainAndInterruptsTheDriver() throws Exception {
        setUpQueue();
        putString(0x8000, "hello");
        descriptor(guest, DESC, 0, 0x8000, 5, 1, 1);       // readable, next 1
        descriptor(guest, DESC, 1, 0x9000, 64, 2, 0);      // writable
        offer(0, 0);
        EventFds.signal(kick, 1);
        assertEquals(1, EventFds.take(call).getAsLong());
        assertEquals(1, Short.toUnsignedInt(guest.get(U16, USED + 2)), "the used index");
        assertEquals(0, guest.get(U32, USED + 4), "the used chain's head");
        assertEquals(8, guest.get(U32, USED + 8), "the bytes written");
        assertEquals("re hello", getString(0x9000, 8));

        putString(0xa000, "in");
        putString(0xa002, "direct");
        descriptor(guest, INDIRECT, 0, 0xa000, 2, 1, 1);
        descriptor(guest, INDIRECT, 1, 0xa002, 6, 1, 2);
        descriptor(guest, INDIRECT, 2, 0xb000, 32, 2, 0);
        descriptor(guest, DESC, 2, INDIRECT, 48, 4, 0);    // the indirect table of three
        offer(1, 2);
        EventFds.signal(kick, 1);
        assertEquals(1, EventFds.take(call).getAsLong());
        assertEquals(2, Short.toUnsignedInt(guest.get(U16, USED + 2)));
        assertEquals(2, guest.get(U32, USED + 12));
        assertEquals(11, guest.get(U32, USED + 16));
        assertEquals("re indirect", getString(0xb000, 11));
        assertEquals(List.of("0:hello:1", "0:indirect:1"), served);

        frontEnd.send(Protocol.SET_VRING_ENABLE, 0, FrontEnd.state(0, 0));
        frontEnd.send(Protocol.GET_VRING_BASE, 0, FrontEnd.state(0, 0));
        assertEquals(2, frontEnd.reply(Protocol.GET_VRING_BASE).getInt(4), "the next avail index, where to resume");
    }

    @Test
    void aMalformedChainBreaksOnlyItsQueueAndIsNeverServed() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CountDownLatch broken = new CountDownLatch(1);
        PrintStream original = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line.contains("queue 0 is broken")) broken.countDown();
            }
        });
        try {
            setUpQueue();
            descriptor(guest, DESC, 0, 0x8000, 5, 1, 1);
            descriptor(guest, DESC, 1, SIZE + 0x1000, 64, 2, 0); // beyond guest memory
            offer(0, 0);
            EventFds.signal(kick, 1);
            broken.await();
        } finally {
            System.setErr(original);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("outside guest memory"), log.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), served);
        assertEquals(0, Short.toUnsignedInt(guest.get(U16, USED + 2)), "nothing was returned");
        // the connection still answers
        frontEnd.send(Protocol.GET_VRING_BASE, 0, FrontEnd.state(0, 0));
        assertEquals(0, frontEnd.reply(Protocol.GET_VRING_BASE).getInt(4));
        assertEquals(VhostUserServer.DEFAULT_QUEUES, frontEnd.u64Request(Protocol.GET_QUEUE_NUM));
    }

    @Test
    void unknownRequestsAreRefusedThroughTheAcknowledgement() throws Exception {
        negotiate();
        assertEquals(1, frontEnd.acked(24 /* GET_CONFIG */, FrontEnd.le(12)));
        assertEquals(1, frontEnd.acked(Protocol.SET_VRING_NUM, FrontEnd.state(0, 1000)), "not a power of 2");
        assertEquals(1, frontEnd.acked(Protocol.SET_VRING_NUM, FrontEnd.state(5, 8)), "no such queue");
        assertEquals(0, frontEnd.acked(Protocol.SET_VRING_NUM, FrontEnd.state(1, 8)));
    }

    /** The messages QEMU 7.2 sends when it realizes a vhost-user-fs device: features and protocol features. */
    private void negotiate() throws IOException {
        long features = frontEnd.u64Request(Protocol.GET_FEATURES);
        assertEquals(Protocol.F_VERSION_1 | Protocol.F_PROTOCOL_FEATURES | Protocol.F_INDIRECT_DESC
                | Protocol.F_EVENT_IDX, features);
        long protocol = frontEnd.u64Request(Protocol.GET_PROTOCOL_FEATURES);
        assertTrue((protocol & Protocol.PF_REPLY_ACK) != 0 && (protocol & Protocol.PF_MQ) != 0);
        frontEnd.send(Protocol.SET_PROTOCOL_FEATURES, 0, FrontEnd.u64(Protocol.PF_MQ | Protocol.PF_REPLY_ACK));
        assertEquals(2, frontEnd.u64Request(Protocol.GET_QUEUE_NUM));
        frontEnd.send(Protocol.SET_OWNER, 0, FrontEnd.le(0));
    }

    /** {@link #setUpQueue(long)} without event indexes, so that the driver wants an interrupt per chain. */
    private void setUpQueue() throws IOException {
        setUpQueue(Protocol.FEATURES & ~Protocol.F_EVENT_IDX);
    }

    /** Then, when the driver starts the device: features, memory table and queue 0, enabled last. */
    private void setUpQueue(long features) throws IOException {
        negotiate();
        assertEquals(0, frontEnd.acked(Protocol.SET_FEATURES, FrontEnd.u64(features)));
        ByteBuffer table = FrontEnd.le(8 + 32).putInt(0, 1);
        table.putLong(8, GUEST_BASE).putLong(16, SIZE).putLong(24, USER_BASE).putLong(32, FILE_OFFSET);
        assertEquals(0, frontEnd.acked(Protocol.SET_MEM_TABLE, table, memfd));
        frontEnd.send(Protocol.SET_VRING_NUM, 0, FrontEnd.state(0, QUEUE_SIZE));
        frontEnd.send(Protocol.SET_VRING_BASE, 0, FrontEnd.state(0, 0));
        ByteBuffer addresses = FrontEnd.le(40).putInt(0, 0).putInt(4, 0);
        addresses.putLong(8, USER_BASE + DESC).putLong(16, USER_BASE + USED).putLong(24, USER_BASE + AVAIL);
        frontEnd.send(Protocol.SET_VRING_ADDR, 0, addresses);
        frontEnd.send(Protocol.SET_VRING_KICK, 0, FrontEnd.u64(0), kick);
        frontEnd.send(Protocol.SET_VRING_CALL, 0, FrontEnd.u64(0), call);
        // acknowledged, so that the queue is known to run before the test kicks
        assertEquals(0, frontEnd.acked(Protocol.SET_VRING_ENABLE, FrontEnd.state(0, 1)));
    }

    @Test
    void withEventIndexesTheDriverIsAskedForKicksAndInterruptedOnlyWhereItSays() throws Exception {
        setUpQueue(Protocol.FEATURES);
        int quiet = EventFds.create(EventFds.NONBLOCK);
        assertEquals(0, frontEnd.acked(Protocol.SET_VRING_CALL, FrontEnd.u64(0), quiet));
        long usedEvent = AVAIL + 4 + 2L * QUEUE_SIZE;
        long availEvent = USED + 4 + 8L * QUEUE_SIZE;
        try {
            for (int i = 0; i < 3; i++) {
                putString(0x8000 + 0x100L * i, "r" + i);
                descriptor(guest, DESC, 2 * i, 0x8000 + 0x100L * i, 2, 1, 2 * i + 1);
                descriptor(guest, DESC, 2 * i + 1, 0x9000 + 0x100L * i, 16, 2, 0);
            }
            guest.set(U16, usedEvent, (short) 0);
            offer(0, 0);
            EventFds.signal(kick, 1);
            awaitAvailEvent(availEvent, 1);
            assertEquals(1, EventFds.take(quiet).orElse(0), "the first reply interrupts");
            // the driver still takes replies (its used event stays 0): the second reply raises no interrupt
            offer(1, 2);
            EventFds.signal(kick, 1);
            awaitAvailEvent(availEvent, 2);
            assertEquals(2, Short.toUnsignedInt(guest.get(U16, USED + 2)));
            assertTrue(EventFds.take(quiet).isEmpty(), "no interrupt before the driver's used event");
            // the driver took both and wants to hear of the next one
            guest.set(U16, usedEvent, (short) 2);
            offer(2, 4);
            EventFds.signal(kick, 1);
            awaitAvailEvent(availEvent, 3);
            assertEquals(1, EventFds.take(quiet).orElse(0), "the reply past the used event interrupts");
            assertEquals(List.of("0:r0:1", "0:r1:1", "0:r2:1"), served);
        } finally {
            FileDescriptors.close(quiet);
        }
    }

    /**
     * Waits until the device asks for a kick at avail position {@code position}, which it does once it served every
     * chain before it (and interrupted for them, if at all).
     */
    private void awaitAvailEvent(long availEvent, int position) throws InterruptedException {
        while (Short.toUnsignedInt(guest.get(U16, availEvent)) != position) Thread.sleep(1);
    }

    /** Writes descriptor {@code index} of the table at guest offset {@code table}; {@code address} is an offset too. */
    private static void descriptor(MemorySegment guest, long table, int index, long address, int length, int flags, int next) {
        long at = table + 16L * index;
        guest.set(U64, at, GUEST_BASE + address);
        guest.set(U32, at + 8, length);
        guest.set(U16, at + 12, (short) flags);
        guest.set(U16, at + 14, (short) next);
    }

    /** Puts {@code head} at avail position {@code position} and publishes the index after it. */
    private void offer(int position, int head) {
        guest.set(U16, AVAIL + 4 + 2L * position, (short) head);
        java.lang.invoke.VarHandle.releaseFence();
        guest.set(U16, AVAIL + 2, (short) (position + 1));
    }

    private void putString(long offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, guest, ValueLayout.JAVA_BYTE, offset, bytes.length);
    }

    private String getString(long offset, int length) {
        return new String(guest.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    @Test
    void aLoopingChainIsRefused() throws Exception {
        CountDownLatch broken = new CountDownLatch(1);
        PrintStream original = System.err;
        StringBuilder lines = new StringBuilder();
        System.setErr(new PrintStream(new ByteArrayOutputStream()) {
            @Override
            public void println(String line) {
                lines.append(line).append('\n');
                if (line.contains("queue 0 is broken")) broken.countDown();
            }
        });
        try {
            setUpQueue();
            descriptor(guest, DESC, 0, 0x8000, 5, 1, 1);
            descriptor(guest, DESC, 1, 0x8000, 5, 1, 0); // back to the head
            offer(0, 0);
            EventFds.signal(kick, 1);
            broken.await();
        } finally {
            System.setErr(original);
        }
        assertTrue(lines.toString().contains("loops"), lines.toString());
        assertEquals(List.of(), served);
    }
}
