package dev.berth.image.internal.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.stream.Collectors;

/** Reads a guest spec from YAML; a wrong spec fails naming the file, the line and what was expected. */
public final class GuestSpecLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private GuestSpecLoader() {
    }

    /**
     * Parses a spec.
     *
     * @param name the file name to use in error messages
     * @throws IOException naming {@code name}, the line and the problem
     */
    public static GuestSpec parse(String name, byte[] yaml) throws IOException {
        try {
            return YAML.readValue(yaml, GuestSpec.class);
        } catch (JsonProcessingException e) {
            String line = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    ? YamlLocator.line(yaml, m.getPath()).stream().mapToObj(Integer::toString).findFirst()
                            .orElse(line(e.getLocation()))
                    : line(e.getLocation());
            throw new IOException(name + " line " + line + ": " + problem(e), e);
        }
    }

    private static String line(JsonLocation at) {
        return at == null ? "?" : Integer.toString(at.getLineNr());
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known);
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage();
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" (for ");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
