package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Docker Engine calls extensions need: an image's labels, files out of a created container, the containers of
 * their VM services and guest services.
 */
final class Engine {
    static final ObjectMapper JSON = new ObjectMapper();
    /** An image reference; checked before it goes into an address so it cannot add a path or a query. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");
    private final EngineHttp http;

    Engine(Path socket) {
        this.http = new EngineHttp(socket);
    }

    /** Refuses what is no image reference. */
    static String checkImage(String image) {
        if (image == null || !IMAGE.matcher(image).matches() || image.contains("..")) {
            throw new IllegalArgumentException("'" + image + "' is no image name (such as example/my-extension:1.0)");
        }
        return image;
    }

    /** The image's labels, pulling it first when the engine does not have it. */
    Map<String, String> labels(String image) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = image(image).path("Config").path("Labels");
        l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** The image as the engine inspects it, pulling it first when the engine does not have it. */
    JsonNode image(String image) throws IOException {
        EngineHttp.Response r = http.call("GET", "/images/" + checkImage(image) + "/json", null);
        if (r.status() == 404) {
            pull(image);
            r = http.call("GET", "/images/" + image + "/json", null);
        }
        if (!r.ok()) throw new IOException("cannot inspect the image " + image + ": " + message(r));
        return JSON.readTree(r.body());
    }

    private void pull(String image) throws IOException {
        int at = image.lastIndexOf(':');
        boolean tagged = at > image.lastIndexOf('/') && !image.contains("@");
        String query = "fromImage=" + enc(tagged ? image.substring(0, at) : image)
                + (tagged ? "&tag=" + enc(image.substring(at + 1)) : image.contains("@") ? "" : "&tag=latest");
        EngineHttp.Response r = http.call("POST", "/images/create?" + query, null);
        // the pull reports its failure inside the stream, with status 200
        if (!r.ok() || r.text().contains("\"errorDetail\"")) {
            throw new IOException("the engine has no image " + image + " and cannot pull it: " + message(r));
        }
    }

    /** Creates (never starts) a container of the image, so that its files can be read. */
    String create(String image) throws IOException {
        String body = JSON.writeValueAsString(Map.of("Image", checkImage(image), "Cmd", new String[] {"berth-reads-files"},
                "Labels", Map.of("dev.berth.extension.files", "true")));
        EngineHttp.Response r = http.call("POST", "/containers/create", body);
        if (!r.ok()) throw new IOException("cannot read the files of " + image + ": " + message(r));
        return JSON.readTree(r.body()).path("Id").asText();
    }

    /** A tar of a path in a container, or empty when there is no such path. */
    Optional<byte[]> archive(String container, String path) throws IOException {
        EngineHttp.Response r = http.call("GET", "/containers/" + container + "/archive?path=" + enc(path), null);
        if (r.status() == 404) return Optional.empty();
        if (!r.ok()) throw new IOException("cannot copy " + path + " out of the image: " + message(r));
        return Optional.of(r.body());
    }

    /** Removes a container, running or not, and its anonymous volumes; gone already is fine. */
    void remove(String container) throws IOException {
        EngineHttp.Response r = http.call("DELETE", "/containers/" + container + "?force=true&v=true", null);
        if (!r.ok() && r.status() != 404) throw new IOException("cannot remove the container " + container + ": " + message(r));
    }

    /** Creates and starts a named container from a create body; one of the same name is replaced. */
    void run(String name, Map<String, Object> create) throws IOException {
        remove(name);
        EngineHttp.Response r = http.call("POST", "/containers/create?name=" + enc(name), JSON.writeValueAsString(create));
        if (!r.ok()) throw new IOException("cannot create " + name + ": " + message(r));
        start(name);
    }

    /** A container as the engine inspects it, or empty when there is none of that name. */
    Optional<JsonNode> container(String name) throws IOException {
        EngineHttp.Response r = http.call("GET", "/containers/" + enc(name) + "/json", null);
        if (r.status() == 404) return Optional.empty();
        if (!r.ok()) throw new IOException("cannot inspect the container " + name + ": " + message(r));
        return Optional.of(JSON.readTree(r.body()));
    }

    /** Starts a created or stopped container; one that runs already is fine. */
    void start(String name) throws IOException {
        EngineHttp.Response r = http.call("POST", "/containers/" + enc(name) + "/start", null);
        if (!r.ok()) throw new IOException("cannot start " + name + ": " + message(r));
    }

    /** The containers, running or not, that carry a label, as the engine lists them. */
    List<JsonNode> containers(String label) throws IOException {
        String filters = JSON.writeValueAsString(Map.of("label", List.of(label)));
        EngineHttp.Response r = http.call("GET", "/containers/json?all=true&filters=" + enc(filters), null);
        if (!r.ok()) throw new IOException("cannot list the containers: " + message(r));
        List<JsonNode> all = new ArrayList<>();
        JSON.readTree(r.body()).forEach(all::add);
        return all;
    }

    /** Creates a named volume (or finds it) and gives its folder in the VM. */
    String volume(String name) throws IOException {
        EngineHttp.Response r = http.call("POST", "/volumes/create",
                JSON.writeValueAsString(Map.of("Name", name, "Labels", Map.of("dev.berth.extension", name))));
        if (!r.ok()) throw new IOException("cannot create the volume " + name + ": " + message(r));
        return JSON.readTree(r.body()).path("Mountpoint").asText();
    }

    /** Removes a named volume; gone already is fine. */
    void removeVolume(String name) throws IOException {
        EngineHttp.Response r = http.call("DELETE", "/volumes/" + enc(name) + "?force=true", null);
        if (!r.ok() && r.status() != 404) throw new IOException("cannot remove the volume " + name + ": " + message(r));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Docker's own sentence from a failed answer, else its text. */
    static String message(EngineHttp.Response r) {
        String text = r.text().strip();
        try {
            for (String line : text.split("\n")) {
                JsonNode n = JSON.readTree(line);
                String m = n.path("message").asText(n.path("error").asText(""));
                if (!m.isEmpty()) return m;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the text itself says it
        }
        return "status " + r.status() + (text.isEmpty() ? "" : ": " + text);
    }
}
