package dev.berth.vm.internal.guest;

import dev.berth.api.guest.OwnedContribution;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the daemon.json keys bundles contribute, asked at every boot; a key given twice names both givers. */
public final class DaemonJsonKeys {
    private DaemonJsonKeys() {
    }

    /**
     * The daemon.json keys of every contribution, asked now, in the order of their owners' names.
     *
     * @throws IOException when two contributions set one key, or one cannot give its keys (the message says why)
     */
    public static Map<String, Object> merge(List<OwnedContribution> parts) throws IOException {
        Map<String, Object> merged = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (OwnedContribution part : parts.stream().sorted(Comparator.comparing(OwnedContribution::owner)).toList()) {
            Map<String, Object> keys;
            try {
                keys = part.contribution().daemonJson();
            } catch (RuntimeException e) {
                throw new IOException(part.owner() + "'s guest contribution: " + e.getMessage(), e);
            }
            for (var e : keys.entrySet()) {
                String earlier = owners.putIfAbsent(e.getKey(), part.owner());
                if (earlier != null) {
                    throw new IOException("the daemon.json key " + e.getKey() + " is given by both " + earlier + " and "
                            + part.owner());
                }
                merged.put(e.getKey(), e.getValue());
            }
        }
        return merged;
    }
}
