package dev.berth.extensions.internal;

import dev.berth.api.extension.DockerExtension;
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

    /** The Docker Desktop-format extensions, below the bundles' table; empty when there is none. */
    static String docker(List<DockerExtension> extensions) {
        if (extensions.isEmpty()) return "";
        int id = "DOCKER EXTENSION".length();
        int image = "IMAGE".length();
        for (DockerExtension e : extensions) {
            id = Math.max(id, e.id().length());
            image = Math.max(image, e.image().length());
        }
        String row = "%-" + id + "s  %-" + image + "s  %-8s  %s%n";
        StringBuilder b = new StringBuilder(String.format(row, "DOCKER EXTENSION", "IMAGE", "STATE", "TITLE"));
        for (DockerExtension e : extensions) {
            b.append(String.format(row, e.id(), e.image(), e.state().name().toLowerCase(Locale.ROOT), e.title()));
            if (!e.reason().isEmpty()) b.append("    ").append(e.reason()).append('\n');
            if (!e.tabTitle().isEmpty()) b.append("    dashboard tab: ").append(e.tabTitle()).append('\n');
            if (!e.backend().isEmpty()) b.append("    backend socket: ").append(e.backend()).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
