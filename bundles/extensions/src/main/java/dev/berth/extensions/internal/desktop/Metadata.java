package dev.berth.extensions.internal.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an extension image's {@code /metadata.json} describes, read after {@link Rules} found it valid.
 *
 * @param icon     the icon's path in the image, such as {@code docker.svg}
 * @param tab      its dashboard tab, if it has one
 * @param vm       its VM service, if it has one
 * @param binaries the paths in the image of the binaries for a Linux host
 */
record Metadata(String icon, Optional<Tab> tab, Optional<Vm> vm, List<String> binaries) {
    /** The keyword a {@code vm.image} uses for the extension's own image. */
    static final String OWN_IMAGE = "${DESKTOP_PLUGIN_IMAGE}";

    /**
     * A dashboard tab.
     *
     * @param title the tab's title
     * @param root  the folder in the image holding the UI, such as {@code /ui}
     * @param src   the page to load, relative to {@code root}
     */
    record Tab(String title, String root, String src) {
    }

    /**
     * The service run in the VM.
     *
     * @param image       the image to run ({@link #OWN_IMAGE} for the extension's own), or empty
     * @param composefile the compose file's path in the image, or empty
     * @param socket      the socket it serves in {@code /run/guest-services}, or empty
     */
    record Vm(String image, String composefile, String socket) {
        /** The image to run, the extension's own when it says {@link #OWN_IMAGE}. */
        String imageFor(String extensionImage) {
            return image.replace(OWN_IMAGE, extensionImage);
        }
    }

    /** Reads a valid {@code metadata.json}. */
    static Metadata of(JsonNode json) {
        JsonNode t = json.path("ui").path("dashboard-tab");
        Optional<Tab> tab = t.isObject()
                ? Optional.of(new Tab(t.path("title").asText(), t.path("root").asText(), t.path("src").asText()))
                : Optional.empty();
        JsonNode v = json.path("vm");
        Optional<Vm> vm = v.isObject()
                ? Optional.of(new Vm(v.path("image").asText(""), v.path("composefile").asText(""),
                        v.path("exposes").path("socket").asText("")))
                : Optional.empty();
        List<String> binaries = new ArrayList<>();
        for (JsonNode group : json.path("host").path("binaries")) {
            for (JsonNode b : group.path("linux")) binaries.add(b.path("path").asText());
        }
        return new Metadata(json.path("icon").asText(""), tab, vm, List.copyOf(binaries));
    }
}
