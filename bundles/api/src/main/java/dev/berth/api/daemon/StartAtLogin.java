package dev.berth.api.daemon;

import java.io.IOException;
import java.nio.file.Path;

/** Whether Berth starts when the user logs in to the desktop: an entry among the user's autostart programs. */
public interface StartAtLogin {
    /** Writes the entry, or removes it when {@code enabled} is false. */
    void set(boolean enabled) throws IOException;

    /** The file of the entry. */
    Path entry();
}
