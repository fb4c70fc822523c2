package dev.berth.image.internal.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.vm.GuestChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The guest's programs look for their virtio-serial ports by the names the host's machine gives them. */
class GuestPortNamesTest {
    @Test
    void guestProgramsNameTheHostsPorts() throws IOException {
        assertTrue(guestFile("qemu-ga.sh").contains("= " + GuestChannel.AGENT_CHANNEL + " ]"));
    }

    private static String guestFile(String name) throws IOException {
        try (var in = GuestPortNamesTest.class.getResourceAsStream("/dev/berth/image/guest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
