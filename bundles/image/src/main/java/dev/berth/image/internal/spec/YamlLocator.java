package dev.berth.image.internal.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/** Finds the line of a node in YAML text from the path a binding error reports. */
final class YamlLocator {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlLocator() {
    }

    /** The 1-based line where the node at {@code path} starts, if it can be found. */
    static OptionalInt line(byte[] yaml, List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            pointer.append('/').append(r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()));
        }
        JsonPointer target = JsonPointer.compile(pointer.toString());
        try (JsonParser p = FACTORY.createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                boolean named = t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().equals(target);
                boolean element = t.isStructStart() && p.getParsingContext().getParent() != null
                        && p.getParsingContext().getParent().pathAsPointer().equals(target);
                if (named || element) return OptionalInt.of(p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }
}
