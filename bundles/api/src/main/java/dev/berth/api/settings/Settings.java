package dev.berth.api.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The user's settings file, which Berth maps to configurations with the pid {@code berth.<section>}.
 *
 * <p>A file that does not parse leaves the last good settings in force and is reported by {@link #problem()}.
 */
public interface Settings {
    /** The settings file. */
    Path file();

    /** The settings in force, as sections of name/value pairs. */
    Map<String, Map<String, Object>> current();

    /** Why the file on disk is not in force, when it is not. */
    Optional<SettingsProblem> problem();

    /**
     * Sets one value, such as {@code vm.cpus}, writing the file.
     *
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when the key has no section
     */
    void set(String key, Object value) throws IOException;

    /** Removes one value so that its default applies again. */
    void unset(String key) throws IOException;
}
