package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import dev.berth.api.vm.GuestChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FsEventsContributionTest {
    @Test
    void contributesTheAgentAndItsService() throws IOException {
        FsEventsContribution c = new FsEventsContribution();
        GuestFile agent = c.files().getFirst();
        assertEquals("/etc/berth/fsevents.sh", agent.path());
        assertEquals(0755, agent.mode());
        String script = new String(agent.contents().read(), StandardCharsets.UTF_8);
        assertTrue(script.startsWith("#!"), "a script");
        assertTrue(script.contains("= " + GuestChannel.FS_EVENTS_CHANNEL + " ]"), "it opens the port the host names");
        assertEquals(List.of(new GuestService("fsevents", "/etc/berth/fsevents.sh")), c.services());
    }
}
