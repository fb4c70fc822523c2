package dev.berth.api.extension;

import java.util.List;

/**
 * One setting of an extension's section, as its Metatype attribute definition describes it.
 *
 * @param name        the key within the section, such as {@code topImages}
 * @param label       the human name
 * @param description what it does, or empty
 * @param type        {@code string}, {@code password}, {@code boolean}, {@code integer} (byte, short, int, long and
 *                    char) or {@code decimal} (float and double)
 * @param multiple    whether it holds several values (a list in the settings file)
 * @param defaults    its default values as text, empty when it has none
 * @param options     the values it may take, empty when any value of its type is allowed
 */
public record SettingsField(String name, String label, String description, String type, boolean multiple,
                            List<String> defaults, List<Option> options) {
    /** Copies the lists. */
    public SettingsField {
        defaults = List.copyOf(defaults);
        options = List.copyOf(options);
    }

    /**
     * One allowed value.
     *
     * @param value the value as text
     * @param label how to show it
     */
    public record Option(String value, String label) {
    }
}
