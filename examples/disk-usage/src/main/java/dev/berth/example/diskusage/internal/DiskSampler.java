package dev.berth.example.diskusage.internal;

import dev.berth.api.extension.ExtensionGuestService;
import dev.berth.api.extension.GuestContainer;
import org.osgi.service.component.annotations.Component;

/**
 * The extension's guest service: a small container in Berth's VM that prints the VM's disk use once a minute, which
 * {@code docker logs berth-ext-dev.berth.example.diskusage-sampler} shows. Berth starts it with the VM and removes it
 * with the extension.
 */
@Component(service = ExtensionGuestService.class)
public final class DiskSampler implements ExtensionGuestService {
    /** The image; Berth pulls it when the engine does not have it. */
    static final String IMAGE = "busybox:1.37";

    @Override
    public GuestContainer container() {
        return GuestContainer.of("sampler", IMAGE, "sh", "-c", "while :; do df -P / | tail -n 1; sleep 60; done");
    }
}
