package dev.berth.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Removes secrets from what goes into a diagnostics bundle: values of secret-looking keys and known secret strings. */
final class Redactor {
    static final String REMOVED = "<removed>";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|auth|credential|"
            + "private[_-]?key|api[_-]?key|access[_-]?key).*");
    private static final Pattern SECRET_TEXT = Pattern.compile("(?i)\\b(password|passwd|secret|token|auth|credentials?|"
            + "api[_-]?key|access[_-]?key)(\"?\\s*[=:]\\s*\"?)[^\\s\",&]+");
    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");
    private final List<String> known;

    /** Also removes each of {@code known} wherever it appears, such as the dashboard's token. */
    Redactor(List<String> known) {
        this.known = new ArrayList<>(known.stream().filter(s -> s != null && s.length() >= 8).toList());
    }

    /** A copy of a JSON document with the values of secret-looking keys replaced, at any depth. */
    JsonNode json(JsonNode node) {
        JsonNode copy = node.deepCopy();
        scrub(copy);
        return copy;
    }

    private void scrub(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (SECRET_KEY.matcher(name).matches() && (v.isValueNode() && !v.isBoolean() || v.isArray())) {
                    o.put(name, REMOVED);
                } else if (v.isTextual()) {
                    o.put(name, text(v.asText()));
                } else {
                    scrub(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, a.textNode(text(a.get(i).asText())));
                else scrub(a.get(i));
            }
        }
    }

    /** Text with known secrets, {@code key=value} secrets and PEM private keys removed. */
    String text(String text) {
        String out = text;
        for (String secret : known) out = out.replace(secret, REMOVED);
        out = PEM.matcher(out).replaceAll(REMOVED);
        return SECRET_TEXT.matcher(out).replaceAll("$1$2" + REMOVED);
    }
}
