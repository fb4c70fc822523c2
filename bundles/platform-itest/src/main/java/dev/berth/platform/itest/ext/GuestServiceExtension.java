package dev.berth.platform.itest.ext;

import dev.berth.api.extension.ExtensionGuestService;
import dev.berth.api.extension.GuestContainer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** An extension whose activator registers a guest service: a busybox container named {@code sampler}. */
public final class GuestServiceExtension implements BundleActivator, ExtensionGuestService {
    @Override
    public void start(BundleContext context) {
        context.registerService(ExtensionGuestService.class, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }

    @Override
    public GuestContainer container() {
        return GuestContainer.of("sampler", "busybox:1.37", "sleep", "3600");
    }
}
