package dev.berth.filesharing.internal;

import dev.berth.api.guest.GuestContribution;
import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The guest half of change events: the fsevents agent, which replays host changes in the guest's VFS. */
@Component(service = GuestContribution.class)
public final class FsEventsContribution implements GuestContribution {
    /** Where the agent lives in the guest. */
    static final String PATH = "/etc/berth/fsevents.sh";

    @Override
    public List<GuestFile> files() {
        return List.of(new GuestFile(PATH, 0755, GuestFile.Contents.resource(FsEventsContribution.class,
                "/dev/berth/filesharing/guest/fsevents.sh")));
    }

    @Override
    public List<GuestService> services() {
        return List.of(new GuestService("fsevents", PATH));
    }
}
