package dev.berth.extensions.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static final String VALID = """
            {"icon": "icon.svg",
             "ui": {"dashboard-tab": {"title": "Hello", "root": "/ui", "src": "index.html"}},
             "vm": {"image": "${DESKTOP_PLUGIN_IMAGE}", "exposes": {"socket": "backend.sock"}},
             "host": {"binaries": [{"linux": [{"path": "/linux/hello"}], "darwin": [{"path": "/darwin/hello"}]}]}}""";

    private static JsonNode json(String text) throws Exception {
        return Engine.JSON.readTree(text);
    }

    private static Map<String, String> labels() {
        Map<String, String> l = new HashMap<>();
        for (String name : Rules.REQUIRED_LABELS) l.put(name, "x");
        l.put(Rules.API_VERSION, ">= 0.2.3");
        return l;
    }

    @Test
    void aValidImageHasNoProblems() throws Exception {
        assertEquals(List.of(), Rules.labels(labels()));
        assertEquals(List.of(), Rules.metadata(json(VALID)));
        Metadata m = Metadata.of(json(VALID));
        assertEquals("/ui", m.tab().orElseThrow().root());
        assertEquals("backend.sock", m.vm().orElseThrow().socket());
        assertEquals("example/hello:1", m.vm().orElseThrow().imageFor("example/hello:1"));
        assertEquals(List.of("/linux/hello"), m.binaries());
    }

    @Test
    void everyMissingLabelIsNamed() {
        Map<String, String> l = labels();
        l.remove("org.opencontainers.image.vendor");
        l.put("com.docker.desktop.extension.icon", " ");
        assertEquals(List.of("the image has no label org.opencontainers.image.vendor",
                "the image has no label com.docker.desktop.extension.icon"), Rules.labels(l));
    }

    @Test
    void theApiVersionMustBeAVersionOrAConstraint() {
        for (String ok : List.of("0.1.0", ">= 0.2.3", ">= 1.4.7, < 2.0", "1")) {
            Map<String, String> l = labels();
            l.put(Rules.API_VERSION, ok);
            assertEquals(List.of(), Rules.labels(l), ok);
        }
        Map<String, String> l = labels();
        l.put(Rules.API_VERSION, "latest");
        assertTrue(Rules.labels(l).getFirst().contains("must be a semantic version"), Rules.labels(l).toString());
    }

    @Test
    void brokenMetadataIsExplained() throws Exception {
        assertEquals(List.of("metadata.json: 'icon' is missing; name the icon's file in the image"), Rules.metadata(json("{}")));
        assertEquals(List.of("metadata.json must hold a JSON object"), Rules.metadata(json("[]")));
        List<String> p = Rules.metadata(json("""
                {"icon": "i.svg", "name": "old", "ui": {"dashboard-tab": {"title": "T", "root": "ui", "src": "../x.html"}},
                 "vm": {"image": "a", "composefile": "b", "exposes": {"socket": "/run/x.sock"}},
                 "host": {"binaries": [{"beos": [], "linux": [{"path": "rel"}]}]}}"""));
        assertEquals(List.of(
                "metadata.json: the field 'name' is obsolete; remove it (labels carry it now)",
                "metadata.json: 'ui.dashboard-tab.root' must be an absolute folder of the image, such as /ui",
                "metadata.json: 'ui.dashboard-tab.src' must be a file inside root, such as index.html",
                "metadata.json: 'vm' must name either 'image' or 'composefile', not both and not neither",
                "metadata.json: 'vm.exposes.socket' must be a socket's file name in /run/guest-services, such as backend.sock",
                "metadata.json: 'host.binaries' names the unknown platform 'beos'",
                "metadata.json: each of 'host.binaries.linux' needs an absolute 'path'"), p);
    }

    @Test
    void aTabNeedsTitleRootAndSource() throws Exception {
        assertEquals(List.of("metadata.json: 'ui.dashboard-tab.title' is missing", "metadata.json: 'ui.dashboard-tab.src' is missing"),
                Rules.metadata(json("{\"icon\": \"i.svg\", \"ui\": {\"dashboard-tab\": {\"root\": \"/ui\"}}}")));
        assertEquals(List.of("metadata.json: 'ui' must hold a 'dashboard-tab' object with title, root and src"),
                Rules.metadata(json("{\"icon\": \"i.svg\", \"ui\": {}}")));
    }
}
