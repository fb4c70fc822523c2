package dev.berth.image.internal.spec;

import dev.berth.api.guest.GuestFile;
import dev.berth.api.guest.GuestService;
import dev.berth.api.guest.OwnedContribution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges what bundles contribute into the guest spec (files, services, kernel modules); a path or service given
 * twice is an error naming both givers.
 */
public final class SpecAssembly {
    private SpecAssembly() {
    }

    /**
     * The spec with every contribution added; contributions are taken in the order of their owners' names, so the
     * result (and the image's hash) does not depend on the order they registered in.
     *
     * @throws IOException when two givers claim one path or service name, or a file cannot be read
     */
    public static SpecSource merge(SpecSource base, List<OwnedContribution> parts) throws IOException {
        if (parts.isEmpty()) return base;
        GuestSpec spec = base.spec();
        Map<String, String> pathOwners = new HashMap<>();
        spec.files().forEach(f -> pathOwners.put(f.path(), "the spec " + base.name()));
        Map<String, String> serviceOwners = new HashMap<>();
        spec.services().forEach(s -> serviceOwners.put(s.name(), "the spec " + base.name()));
        List<GuestSpec.FileEntry> files = new ArrayList<>(spec.files());
        List<GuestSpec.Service> services = new ArrayList<>(spec.services());
        Map<String, byte[]> sources = new TreeMap<>(base.sources());
        Set<String> modules = new LinkedHashSet<>();
        StringBuilder added = new StringBuilder();
        for (OwnedContribution part : sorted(parts)) {
            added.append("contribution ").append(part.owner()).append('\n');
            for (GuestFile f : read(part, () -> part.contribution().files())) {
                claim(pathOwners, f.path(), part.owner(), "the guest file ");
                String source = part.owner() + ":" + f.path();
                sources.put(source, read(part, f.contents()::read));
                String mode = String.format("%04o", f.mode());
                files.add(new GuestSpec.FileEntry(f.path(), source, null, false, mode));
                added.append("file ").append(f.path()).append(' ').append(mode).append('\n');
            }
            for (GuestService s : read(part, () -> part.contribution().services())) {
                claim(serviceOwners, s.name(), part.owner(), "the guest service ");
                services.add(new GuestSpec.Service(s.name(), s.command()));
                added.append("service ").append(s.name()).append(' ').append(s.command()).append('\n');
            }
            for (String m : read(part, () -> part.contribution().kernelModules())) {
                if (!m.matches("[A-Za-z0-9_-]+")) throw new IOException(part.owner() + " contributes a kernel module named " + m);
                modules.add(m);
                added.append("module ").append(m).append('\n');
            }
        }
        List<String> onboot = new ArrayList<>(spec.onboot());
        // after the spec's own boot steps (which mount /proc and /sys), before init starts any service
        if (!modules.isEmpty()) onboot.add("/sbin/modprobe -a " + String.join(" ", modules));
        GuestSpec merged = new GuestSpec(spec.version(), spec.debian(), spec.kernel(), spec.init(), spec.system(), files,
                onboot, services, spec.onshutdown());
        return new SpecSource(base.name(), merged, base.yaml(), sources, base.lock(), base.lockAt(),
                List.copyOf(modules), added.toString());
    }

    private static List<OwnedContribution> sorted(List<OwnedContribution> parts) {
        return parts.stream().sorted(Comparator.comparing(OwnedContribution::owner)).toList();
    }

    private static void claim(Map<String, String> owners, String key, String owner, String what) throws IOException {
        String earlier = owners.putIfAbsent(key, owner);
        if (earlier != null) throw new IOException(what + key + " is given by both " + earlier + " and " + owner);
    }

    /** What a contribution answers, with its owner named when it fails. */
    private interface Answer<T> {
        T get() throws IOException;
    }

    private static <T> T read(OwnedContribution part, Answer<T> answer) throws IOException {
        try {
            return answer.get();
        } catch (IOException | RuntimeException e) {
            throw new IOException(part.owner() + "'s guest contribution: " + e.getMessage(), e);
        }
    }
}
