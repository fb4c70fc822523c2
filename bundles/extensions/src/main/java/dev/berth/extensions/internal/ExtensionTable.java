package dev.berth.extensions.internal;

import dev.berth.api.extension.Extension;
import java.util.List;
import java.util.Locale;

/** Formats extensions as {@code berth extension ls} prints them: one line each, the reason of a failure below it. */
final class ExtensionTable {
    private ExtensionTable() {
    }

    /** The table, or a sentence saying there is none and where to put them. */
    static String format(List<Extension> extensions, String folder) {
        if (extensions.isEmpty()) {
            return "No extensions installed. Install one with: berth extension install FILE.jar (or copy it into " + folder + ")";
        }
        int name = "NAME".length();
        int version = "VERSION".length();
        for (Extension e : extensions) {
            name = Math.max(name, e.name().length());
            version = Math.max(version, e.version().length());
        }
        String row = "%-" + name + "s  %-" + version + "s  %-8s  %s%n";
        StringBuilder b = new StringBuilder(String.format(row, "NAME", "VERSION", "STATE", "ORIGIN"));
        for (Extension e : extensions) {
            b.append(String.format(row, e.name(), e.version(), e.state().name().toLowerCase(Locale.ROOT), e.origin()));
            if (!e.reason().isEmpty()) b.append("    ").append(e.reason()).append('\n');
            if (!e.tabs().isEmpty()) b.append("    dashboard tab: /extensions/").append(String.join("/, /extensions/", e.tabs())).append("/\n");
        }
        return b.toString().stripTrailing();
    }
}
