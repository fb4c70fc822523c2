package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads an extension image's labels and {@code metadata.json}, and copies its UI, icon and host binaries out. */
final class ImageFiles {
    /**
     * What an image says about itself.
     *
     * @param labels   its labels
     * @param metadata its {@code metadata.json}, or null when it has none or it is no JSON
     * @param problems every broken rule
     */
    record Read(Map<String, String> labels, JsonNode metadata, List<String> problems) {
    }

    private final Engine engine;

    ImageFiles(Engine engine) {
        this.engine = engine;
    }

    /** Reads the labels and {@code /metadata.json} and checks both. */
    Read read(String image) throws IOException {
        Map<String, String> labels = engine.labels(image);
        List<String> problems = new ArrayList<>(Rules.labels(labels));
        JsonNode metadata = null;
        String container = engine.create(image);
        try {
            Optional<byte[]> tar = engine.archive(container, "/metadata.json");
            Optional<Tar.Entry> file = tar.isEmpty() ? Optional.empty()
                    : Tar.read(tar.get()).stream().filter(e -> e.kind() == Tar.Kind.FILE).findFirst();
            if (file.isEmpty()) {
                problems.add("the image has no /metadata.json");
            } else {
                try {
                    metadata = Engine.JSON.readTree(file.get().data());
                    problems.addAll(Rules.metadata(metadata));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problems.add("metadata.json is no valid JSON: " + e.getOriginalMessage());
                }
            }
        } finally {
            engine.remove(container);
        }
        return new Read(labels, metadata, problems);
    }

    /**
     * Copies the tab's folder to {@code into/ui}, the icon into {@code into}, the compose file to {@code into/vm} and
     * the Linux binaries to {@code into/host}.
     */
    void copy(String image, Metadata m, Path into) throws IOException {
        String container = engine.create(image);
        try {
            if (m.tab().isPresent()) {
                byte[] tar = engine.archive(container, m.tab().get().root()).orElseThrow(() ->
                        new IllegalArgumentException("the image has no folder " + m.tab().get().root() + " (ui.dashboard-tab.root)"));
                extract(tar, into.resolve("ui"), true);
            }
            Optional<byte[]> icon = engine.archive(container, absolute(m.icon()));
            if (icon.isPresent()) extract(icon.get(), into, false);
            if (m.vm().isPresent() && !m.vm().get().composefile().isEmpty()) {
                String file = absolute(m.vm().get().composefile());
                byte[] tar = engine.archive(container, file).orElseThrow(() ->
                        new IllegalArgumentException("the image has no file " + file + " (vm.composefile)"));
                extract(tar, into.resolve("vm"), false);
            }
            for (String binary : m.binaries()) {
                byte[] tar = engine.archive(container, binary).orElseThrow(() ->
                        new IllegalArgumentException("the image has no file " + binary + " (host.binaries)"));
                extract(tar, into.resolve("host"), false);
            }
        } finally {
            engine.remove(container);
        }
    }

    /** The icon's path in the image: Docker reads a relative one from the image's root. */
    static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /**
     * Writes an archive's files and folders under {@code dest}; links are left out, so that no file served from the
     * folder can point elsewhere on the host.
     *
     * @param stripTop whether to drop the first part of each name (the archived folder's own name)
     */
    static void extract(byte[] tar, Path dest, boolean stripTop) throws IOException {
        Files.createDirectories(dest);
        Path root = dest.toAbsolutePath().normalize();
        for (Tar.Entry e : Tar.read(tar)) {
            String name = e.name();
            if (stripTop) {
                int slash = name.indexOf('/');
                if (slash < 0) continue;
                name = name.substring(slash + 1);
            }
            if (name.isEmpty() || !Rules.relative(name)) continue;
            Path target = root.resolve(name).normalize();
            if (!target.startsWith(root)) continue;
            switch (e.kind()) {
                case DIRECTORY -> Files.createDirectories(target);
                case FILE -> {
                    Files.createDirectories(target.getParent());
                    Files.write(target, e.data());
                    // owner only, keeping whether it is executable (host binaries are)
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            (e.mode() & 0100) != 0 ? "rwx------" : "rw-------"));
                }
                default -> { }
            }
        }
    }
}
