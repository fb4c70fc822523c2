package dev.berth.platform.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes one {@code section.name} member of a settings file's text in place, so that the user's comments, order and
 * layout stay: only the value's text changes, or one member is added or removed.
 */
final class JsonTextEdit {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private JsonTextEdit() {
    }

    /** A member of an object: where its key starts, and where its value starts and ends. */
    private record Member(String name, int keyStart, int valueStart, int valueEnd) {
    }

    /** An object: its braces and members. */
    private record Obj(int open, int close, List<Member> members) {
        Optional<Member> member(String name) {
            return members.stream().filter(m -> m.name.equals(name)).findFirst();
        }
    }

    /**
     * The text with {@code section.name} set to {@code valueJson} (JSON text), or removed when it is null; empty when
     * the text is not an object of objects this edit understands (the caller then writes the file afresh).
     */
    static Optional<String> apply(String text, String section, String name, String valueJson) throws IOException {
        Optional<Obj> root = parse(text, 0);
        if (root.isEmpty()) return Optional.empty();
        Optional<Member> s = root.get().member(section);
        if (s.isEmpty()) {
            if (valueJson == null) return Optional.of(text);
            String indent = indent(text, root.get(), "  ");
            String inner = indent + indent(text, root.get(), "  ");
            return Optional.of(insert(text, root.get(), indent, quote(section) + ": {\n" + inner + quote(name) + ": "
                    + valueJson + "\n" + indent + "}"));
        }
        Optional<Obj> values = parse(text, s.get().valueStart);
        if (values.isEmpty()) return Optional.empty();
        Optional<Member> m = values.get().member(name);
        if (valueJson == null) {
            if (m.isEmpty()) return Optional.of(text);
            if (values.get().members.size() == 1) return Optional.of(remove(text, s.get()));
            return Optional.of(remove(text, m.get()));
        }
        if (m.isPresent()) {
            return Optional.of(text.substring(0, m.get().valueStart) + valueJson + text.substring(m.get().valueEnd));
        }
        String indent = indent(text, values.get(), indent(text, root.get(), "  ") + "  ");
        return Optional.of(insert(text, values.get(), indent, quote(name) + ": " + valueJson));
    }

    /** The object that starts at {@code from} (the first object at or after it), with its direct members. */
    private static Optional<Obj> parse(String text, int from) throws IOException {
        try (JsonParser p = JSON.createParser(text.substring(from))) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            int open = from + (int) p.currentTokenLocation().getCharOffset();
            List<Member> members = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyStart = from + (int) p.currentTokenLocation().getCharOffset();
                p.nextToken();
                int valueStart = from + (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                if (p.currentToken() == JsonToken.VALUE_STRING) p.getText(); // strings are read lazily
                int valueEnd = from + (int) p.currentLocation().getCharOffset();
                members.add(new Member(name, keyStart, valueStart, valueEnd));
            }
            if (p.currentToken() != JsonToken.END_OBJECT) return Optional.empty();
            return Optional.of(new Obj(open, from + (int) p.currentTokenLocation().getCharOffset(), members));
        }
    }

    /** Adds a member after the object's last one (a trailing comma the user left then follows the new one). */
    private static String insert(String text, Obj obj, String indent, String member) {
        if (obj.members.isEmpty()) {
            String closing = lineStart(text, obj.close) == obj.close ? "" : "\n" + indent.substring(Math.min(2, indent.length()));
            return text.substring(0, obj.open + 1) + "\n" + indent + member + closing + text.substring(obj.open + 1);
        }
        int end = obj.members.getLast().valueEnd;
        return text.substring(0, end) + ",\n" + indent + member + text.substring(end);
    }

    /** Removes a member with its comma, and its line when it had one of its own. */
    private static String remove(String text, Member m) {
        int start = m.keyStart;
        int end = m.valueEnd;
        int after = skipSpaces(text, end);
        if (after < text.length() && text.charAt(after) == ',') {
            end = after + 1;
        } else {
            int before = start - 1;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) before--;
            if (before >= 0 && text.charAt(before) == ',') start = before;
        }
        int lineStart = lineStart(text, start);
        int lineEnd = text.indexOf('\n', end);
        if (text.substring(lineStart, start).isBlank() && lineEnd >= 0 && text.substring(end, lineEnd).isBlank()) {
            start = lineStart;
            end = lineEnd + 1;
        }
        return text.substring(0, start) + text.substring(end);
    }

    /** The indentation of the object's members, or {@code fallback} when it has none or they share a line with it. */
    private static String indent(String text, Obj obj, String fallback) {
        if (obj.members.isEmpty()) return fallback;
        int key = obj.members.getFirst().keyStart;
        int line = lineStart(text, key);
        String before = text.substring(line, key);
        return before.isBlank() && line > obj.open ? before : fallback;
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) at++;
        return at;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
