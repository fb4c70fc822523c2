package dev.berth.api.tools;

import java.nio.file.Path;

/**
 * One tool Berth put in place for the host.
 *
 * @param name    what a user types, such as {@code docker} or {@code docker compose}
 * @param version the tool's upstream version, such as {@code 28.5.2}
 * @param path    the executable
 */
public record HostTool(String name, String version, Path path) {
}
