package dev.berth.api.extension;

import java.util.List;

/**
 * The settings sections extension bundles describe with Metatype: an {@code @ObjectClassDefinition} designated for
 * the configuration {@code berth.<section>}, which is section {@code <section>} of the settings file. The
 * dashboard's settings page shows and edits them; a change reaches the extension's component at once.
 */
public interface ExtensionSettings {
    /** The sections of the extensions that run now, by section name. */
    List<SettingsSection> sections();

    /**
     * Checks a value for {@code <section>.<name>} against its field and converts it to what the settings file
     * stores (a number, {@code true}/{@code false}, text, or a list of those for a field with several values).
     *
     * @param key   {@code <section>.<name>}
     * @param value what the user gave: text, a number, a boolean, or a list of those
     * @throws IllegalArgumentException saying what is wrong and what is allowed, or that no extension has the key
     */
    Object convert(String key, Object value);
}
