package dev.berth.api.extension;

import java.nio.file.Path;

/**
 * A Docker Desktop-format extension (an image with a {@code metadata.json}) that Berth installed, as
 * {@code berth extension ls} and the dashboard show it.
 *
 * @param id       its id: its image's repository in lower-case letters, digits and dashes, such as
 *                 {@code example-hello}; it names its folder, its dashboard tab and its page's origin
 * @param image    the image it was installed from, such as {@code example/hello:1.0}
 * @param title    its title ({@code org.opencontainers.image.title})
 * @param folder   where its UI, icon and host binaries were copied, {@code $BERTH_HOME/extensions/docker/<id>}
 * @param tabTitle the title of its dashboard tab, or empty when it has no UI
 * @param tabPage  its tab's page, relative to {@code folder/ui}, such as {@code index.html}; empty without UI
 * @param icon     its icon's file name in {@code folder}, or empty
 * @param backend  the host Unix socket that reaches its VM service's socket, or empty when it has none
 * @param state    where its VM service stands
 * @param reason   why its VM service does not run, or empty
 */
public record DockerExtension(String id, String image, String title, Path folder, String tabTitle, String tabPage,
                              String icon, String backend, ExtensionState state, String reason) {
}
