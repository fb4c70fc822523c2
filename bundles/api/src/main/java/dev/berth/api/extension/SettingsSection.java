package dev.berth.api.extension;

import java.util.List;

/**
 * One extension's settings section, as its Metatype describes it.
 *
 * @param section     the section's name in the settings file, such as {@code diskUsage} (configuration
 *                    {@code berth.diskUsage})
 * @param title       the section's human name (the object class definition's name)
 * @param description what the section is for, or empty
 * @param extension   the symbolic name of the bundle that describes it
 * @param fields      its settings, in the order the bundle declares them
 */
public record SettingsSection(String section, String title, String description, String extension,
                              List<SettingsField> fields) {
    /** Copies the field list. */
    public SettingsSection {
        fields = List.copyOf(fields);
    }
}
