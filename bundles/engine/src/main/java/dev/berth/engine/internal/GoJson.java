package dev.berth.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies the way dockerd's Go decoder does where that matters for a check: a struct field is found by
 * its name in any letter case (Go's simple case folding), and a body that Go could read differently is refused.
 */
final class GoJson {
    /** Duplicate names and content after the value are errors: Go would merge or refuse what Jackson would drop. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GoJson() {
    }

    /** The body as a tree, missing for an empty body. */
    static JsonNode parse(String body) throws JsonProcessingException {
        return body.isBlank() ? STRICT.missingNode() : STRICT.readTree(body);
    }

    /** Every value of {@code object} whose name is {@code field} in Go's case-insensitive sense, in order. */
    static List<JsonNode> fields(JsonNode object, String field) {
        List<JsonNode> found = new ArrayList<>();
        if (!object.isObject()) return found;
        String folded = fold(field);
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (fold(e.getKey()).equals(folded)) found.add(e.getValue());
        }
        return found;
    }

    /** The elements of every array value of {@code field}. */
    static List<JsonNode> elements(JsonNode object, String field) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode value : fields(object, field)) {
            if (value.isArray()) value.forEach(found::add);
        }
        return found;
    }

    /** A name with each code point mapped as Go's encoding/json does before comparing: upper(lower(c)). */
    static String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(Character.toUpperCase(Character.toLowerCase(c))));
        return out.toString();
    }
}
