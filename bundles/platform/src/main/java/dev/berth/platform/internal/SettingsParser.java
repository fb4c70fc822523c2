package dev.berth.platform.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a settings file: a JSON object of sections, each an object of values.
 *
 * <p>Comments and trailing commas are allowed. Scalars and arrays of scalars keep their types; nested objects are
 * kept as JSON text.
 */
final class SettingsParser {
    /** A settings file that cannot be applied, with where and why. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SettingsProblem problem;

        Invalid(SettingsProblem problem) {
            super(problem.describe());
            this.problem = problem;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private SettingsParser() {
    }

    /** Parses the file into sections of values. */
    static Map<String, Map<String, Object>> parse(Path file) throws Invalid, IOException {
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
            if (p.nextToken() == null) return sections;
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw invalid(file, p, "expected '{' to open the settings object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String section = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw invalid(file, p, "section \"" + section + "\" must be an object, such as {\"cpus\": 2}");
                }
                sections.put(section, readSection(file, p, section));
            }
            if (p.nextToken() != null) {
                throw invalid(file, p, "unexpected content after the closing '}'");
            }
            return sections;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new Invalid(new SettingsProblem(file, line, column, e.getOriginalMessage()));
        }
    }

    private static Map<String, Object> readSection(Path file, JsonParser p, String section) throws IOException, Invalid {
        Map<String, Object> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            Object value = switch (t) {
                case START_OBJECT -> MAPPER.writeValueAsString(MAPPER.readTree(p));
                case START_ARRAY -> readArray(file, p, section + "." + name);
                case VALUE_NULL -> null;
                default -> scalar(p);
            };
            if (value != null) values.put(name, value);
        }
        return values;
    }

    private static Object readArray(Path file, JsonParser p, String key) throws IOException, Invalid {
        List<Object> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken().isStructStart()) {
                throw invalid(file, p, key + " must be a list of plain values (text, numbers or true/false)");
            }
            Object v = scalar(p);
            if (v != null) items.add(v);
        }
        if (!items.isEmpty() && items.stream().allMatch(i -> i instanceof Boolean)) {
            return items.toArray(Boolean[]::new);
        }
        if (!items.isEmpty() && items.stream().allMatch(i -> i instanceof Integer)) {
            return items.toArray(Integer[]::new);
        }
        return items.stream().map(String::valueOf).toArray(String[]::new);
    }

    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? (Object) p.getIntValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NULL -> null;
            default -> p.getText();
        };
    }

    private static Invalid invalid(Path file, JsonParser p, String message) {
        JsonLocation at = p.currentTokenLocation();
        return new Invalid(new SettingsProblem(file, at.getLineNr(), at.getColumnNr(), message));
    }
}
