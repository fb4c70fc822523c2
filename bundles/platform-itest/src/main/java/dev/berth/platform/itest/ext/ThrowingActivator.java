package dev.berth.platform.itest.ext;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A broken extension: its activator throws. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("deliberately broken activator");
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
