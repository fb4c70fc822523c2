package dev.berth.platform.itest.ext;

/** A broken extension: a DS component (declared by hand in the built bundle) whose activate method throws. */
public final class FailingComponent {
    /** Called by the component runtime. */
    public void activate() {
        throw new IllegalStateException("deliberately broken component");
    }
}
