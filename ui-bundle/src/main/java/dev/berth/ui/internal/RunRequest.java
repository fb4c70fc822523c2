package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the Images page's "run" form into the body of Docker's container create call. */
final class RunRequest {
    private static final Pattern PORT = Pattern.compile("(?:(\\d{1,5}):)?(\\d{1,5})(?:/(tcp|udp))?");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private RunRequest() {
    }

    /**
     * The create body for {@code {"image", "name", "ports": ["8080:80"], "volumes": ["data:/data"], "env": ["K=V"]}}.
     *
     * @throws IllegalArgumentException naming the field that is wrong and what it should look like
     */
    static ObjectNode createBody(JsonNode form) {
        String image = form.path("image").asText("").strip();
        if (image.isEmpty()) throw new IllegalArgumentException("choose the image to run");
        String name = form.path("name").asText("").strip();
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the name '" + name + "' may only hold letters, digits, '_', '.' and '-'");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("Image", image);
        ObjectNode exposed = body.putObject("ExposedPorts");
        ObjectNode host = body.putObject("HostConfig");
        ObjectNode bindings = host.putObject("PortBindings");
        for (JsonNode p : form.path("ports")) {
            String text = p.asText("").strip();
            if (text.isEmpty()) continue;
            Matcher m = PORT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("the port '" + text + "' should look like HOST:CONTAINER, such as 8080:80");
            }
            String key = checked(m.group(2), text) + "/" + (m.group(3) == null ? "tcp" : m.group(3));
            exposed.putObject(key);
            ObjectNode binding = bindings.withArray(key).addObject();
            binding.put("HostIp", "");
            binding.put("HostPort", m.group(1) == null ? "" : checked(m.group(1), text));
        }
        var binds = host.putArray("Binds");
        for (JsonNode v : form.path("volumes")) {
            String text = v.asText("").strip();
            if (text.isEmpty()) continue;
            String[] parts = text.split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("the volume '" + text + "' should look like NAME:/path or"
                        + " /host/folder:/path (optionally :ro)");
            }
            binds.add(text);
        }
        var env = body.putArray("Env");
        for (JsonNode e : form.path("env")) {
            String text = e.asText("").strip();
            if (text.isEmpty()) continue;
            if (!text.contains("=")) throw new IllegalArgumentException("the variable '" + text + "' should look like NAME=value");
            env.add(text);
        }
        return body;
    }

    private static String checked(String port, String text) {
        int n = Integer.parseInt(port);
        if (n < 1 || n > 65535) throw new IllegalArgumentException("the port '" + text + "' is out of range (1 to 65535)");
        return Integer.toString(n);
    }
}
