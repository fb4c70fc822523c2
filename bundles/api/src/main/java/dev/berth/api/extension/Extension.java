package dev.berth.api.extension;

import java.util.List;

/**
 * An extension bundle found in the extensions folder, as {@code berth extension ls} and the dashboard show it.
 *
 * @param name    the bundle's symbolic name
 * @param version the bundle's version
 * @param title   the bundle's human name ({@code Bundle-Name}), or the symbolic name
 * @param file    the jar's file name in the extensions folder
 * @param state   where it stands
 * @param reason  why it failed, or empty
 * @param origin  where it was installed from (a path, or {@code copied into the folder} when it was dropped there)
 * @param tabs    the ids of the dashboard tabs it registered
 */
public record Extension(String name, String version, String title, String file, ExtensionState state, String reason,
                        String origin, List<String> tabs) {
    /** Copies the tab list. */
    public Extension {
        tabs = List.copyOf(tabs);
    }
}
