package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/** Shapes Docker's image and volume lists into the rows the Images and Volumes pages show. */
final class ImageRows {
    private ImageRows() {
    }

    /** One row per image, with its tags (or {@code <none>}), size and how many containers use it. */
    static ArrayNode images(JsonNode images, JsonNode containers) {
        Map<String, Integer> users = new HashMap<>();
        for (JsonNode c : containers) users.merge(c.path("ImageID").asText(), 1, Integer::sum);
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JsonNode image : images) {
            ObjectNode row = rows.addObject();
            String id = image.path("Id").asText();
            row.put("id", id);
            row.put("shortId", id.startsWith("sha256:") ? id.substring(7, Math.min(id.length(), 19)) : id);
            ArrayNode tags = row.putArray("tags");
            for (JsonNode tag : image.path("RepoTags")) {
                if (!tag.asText().equals("<none>:<none>")) tags.add(tag.asText());
            }
            row.put("size", image.path("Size").asLong(0));
            row.put("created", image.path("Created").asLong(0));
            row.put("containers", users.getOrDefault(id, 0));
        }
        return rows;
    }

    /** One row per volume, with its size and use count from {@code GET /system/df} where Docker measured them. */
    static ArrayNode volumes(JsonNode volumes, JsonNode df) {
        Map<String, JsonNode> usage = new HashMap<>();
        for (JsonNode v : df.path("Volumes")) usage.put(v.path("Name").asText(), v.path("UsageData"));
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JsonNode v : volumes.path("Volumes")) {
            ObjectNode row = rows.addObject();
            String name = v.path("Name").asText();
            row.put("name", name);
            row.put("driver", v.path("Driver").asText());
            row.put("mountpoint", v.path("Mountpoint").asText());
            row.put("created", v.path("CreatedAt").asText(""));
            row.put("project", v.path("Labels").path(ContainerRows.PROJECT_LABEL).asText(""));
            JsonNode u = usage.get(name);
            row.put("size", u == null ? -1 : u.path("Size").asLong(-1));
            row.put("containers", u == null ? -1 : u.path("RefCount").asLong(-1));
        }
        return rows;
    }
}
