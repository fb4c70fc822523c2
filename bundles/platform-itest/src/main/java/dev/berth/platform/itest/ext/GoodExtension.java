package dev.berth.platform.itest.ext;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import java.util.Optional;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A working extension: its activator registers itself as a dashboard tab that answers with its bundle's version. */
public final class GoodExtension implements BundleActivator, DashboardTab {
    private BundleContext context;

    @Override
    public void start(BundleContext context) {
        this.context = context;
        context.registerService(DashboardTab.class, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the tab
    }

    @Override
    public String id() {
        return "itest-good";
    }

    @Override
    public String title() {
        return "Good";
    }

    @Override
    public Optional<TabResponse> handle(TabRequest request) {
        return Optional.of(TabResponse.text(200, "good " + context.getBundle().getVersion()));
    }
}
