package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Shapes Docker's container list into the rows the Containers page shows, with compose projects named. */
final class ContainerRows {
    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";

    private ContainerRows() {
    }

    /** One row per container of {@code GET /containers/json?all=1}, sorted by project, then name. */
    static ArrayNode of(JsonNode containers) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        List<ObjectNode> sorted = StreamSupport.stream(containers.spliterator(), false).map(ContainerRows::row)
                .sorted(Comparator.comparing((ObjectNode r) -> r.path("project").asText())
                        .thenComparing(r -> r.path("name").asText()))
                .toList();
        rows.addAll(sorted);
        return rows;
    }

    static ObjectNode row(JsonNode c) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        String id = c.path("Id").asText();
        row.put("id", id);
        row.put("shortId", id.length() > 12 ? id.substring(0, 12) : id);
        String name = c.path("Names").path(0).asText(row.get("shortId").asText());
        row.put("name", name.startsWith("/") ? name.substring(1) : name);
        row.put("image", c.path("Image").asText());
        row.put("state", c.path("State").asText());
        row.put("status", c.path("Status").asText());
        row.put("created", c.path("Created").asLong());
        row.put("command", c.path("Command").asText());
        JsonNode labels = c.path("Labels");
        row.put("project", labels.path(PROJECT_LABEL).asText(""));
        row.put("service", labels.path(SERVICE_LABEL).asText(""));
        row.set("ports", ports(c.path("Ports")));
        return row;
    }

    /** Published ports once each (Docker lists IPv4 and IPv6 bindings separately), each with its local link. */
    static ArrayNode ports(JsonNode ports) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode p : ports) {
            int publicPort = p.path("PublicPort").asInt(0);
            int privatePort = p.path("PrivatePort").asInt(0);
            String type = p.path("Type").asText("tcp");
            if (!seen.add(publicPort + "/" + privatePort + "/" + type)) continue;
            ObjectNode port = out.addObject();
            port.put("containerPort", privatePort);
            port.put("type", type);
            if (publicPort > 0) {
                port.put("hostPort", publicPort);
                if (type.equals("tcp")) port.put("url", "http://localhost:" + publicPort + "/");
            }
        }
        return out;
    }
}
