package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.hypervisor.Protocol;
import dev.berth.api.network.PortBinding;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a container's published ports out of Docker's inspect JSON. */
final class ContainerPorts {
    private ContainerPorts() {
    }

    /** The bindings the container asks for with a fixed host port ({@code HostConfig.PortBindings}). */
    static List<PortBinding> requested(JsonNode inspect) {
        return read(inspect.path("HostConfig").path("PortBindings"));
    }

    /** The bindings Docker made in the guest, random ports included ({@code NetworkSettings.Ports}). */
    static List<PortBinding> actual(JsonNode inspect) {
        return read(inspect.path("NetworkSettings").path("Ports"));
    }

    /** The container's name without the leading slash. */
    static String name(JsonNode inspect) {
        String name = inspect.path("Name").asText("");
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static List<PortBinding> read(JsonNode ports) {
        List<PortBinding> bindings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] spec = e.getKey().split("/");
            Protocol protocol = spec.length > 1 && spec[1].toLowerCase(Locale.ROOT).equals("udp") ? Protocol.UDP : Protocol.TCP;
            if (spec.length > 1 && spec[1].equalsIgnoreCase("sctp")) continue;
            for (JsonNode b : e.getValue()) {
                String ip = b.path("HostIp").asText("");
                int hostPort = parsePort(b.path("HostPort").asText(""));
                if (ip.contains(":")) continue;
                if (hostPort <= 0) continue;
                PortBinding binding = new PortBinding(protocol, ip.isEmpty() ? "0.0.0.0" : ip, hostPort, hostPort);
                if (!bindings.contains(binding)) bindings.add(binding);
            }
        }
        return bindings;
    }

    private static int parsePort(String text) {
        try {
            return text.isEmpty() ? 0 : Integer.parseInt(text.contains("-") ? text.substring(0, text.indexOf('-')) : text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
