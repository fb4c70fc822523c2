package dev.berth.network.internal;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The guest half of the port relay: portd (built from {@code src/main/c/portd.c}), kept running by the guest's init. */
@Component(service = GuestContribution.class)
public final class PortdContribution implements GuestContribution {
    /** Where portd lives in the guest. */
    static final String PATH = "/usr/libexec/berth/portd";

    @Override
    public List<GuestFile> files() {
        return List.of(new GuestFile(PATH, 0755, GuestFile.Contents.resource(PortdContribution.class,
                "/dev/berth/network/guest/portd")));
    }

    @Override
    public List<GuestService> services() {
        return List.of(new GuestService("portd", PATH));
    }
}
