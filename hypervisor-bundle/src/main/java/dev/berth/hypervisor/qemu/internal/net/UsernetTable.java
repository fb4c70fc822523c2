package dev.berth.hypervisor.qemu.internal.net;

import dev.berth.api.hypervisor.PortForward;
import dev.berth.api.hypervisor.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the host forwards out of QEMU's {@code info usernet} table. */
public final class UsernetTable {
    private UsernetTable() {
    }

    /** The {@code HOST_FORWARD} rows, such as {@code TCP[HOST_FORWARD] 13 127.0.0.1 8080 10.0.2.15 80 0 0}. */
    public static List<PortForward> parse(String table) {
        List<PortForward> forwards = new ArrayList<>();
        for (String line : table.lines().toList()) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length < 6 || !cols[0].endsWith("[HOST_FORWARD]")) continue;
            Protocol protocol = Protocol.valueOf(cols[0].substring(0, cols[0].indexOf('[')).toUpperCase(Locale.ROOT));
            try {
                forwards.add(new PortForward(protocol, cols[2], Integer.parseInt(cols[3]), Integer.parseInt(cols[5])));
            } catch (NumberFormatException e) {
                // not a row of the table
            }
        }
        return forwards;
    }
}
