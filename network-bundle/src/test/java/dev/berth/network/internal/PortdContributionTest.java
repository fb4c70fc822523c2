package dev.berth.network.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import dev.berth.api.vm.GuestChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortdContributionTest {
    @Test
    void contributesTheBuiltRelayAndItsService() throws IOException {
        PortdContribution c = new PortdContribution();
        GuestFile portd = c.files().getFirst();
        assertEquals("/usr/libexec/berth/portd", portd.path());
        assertEquals(0755, portd.mode());
        byte[] elf = Arrays.copyOf(portd.contents().read(), 4);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, elf, "the compiled binary, not the source");
        assertEquals(List.of(new GuestService("portd", "/usr/libexec/berth/portd")), c.services());
    }

    @Test
    void portdOpensThePortTheHostNames() throws IOException {
        assertTrue(Files.readString(Path.of("src/main/c/portd.c")).contains('"' + GuestChannel.PORTS_CHANNEL + '"'));
    }
}
