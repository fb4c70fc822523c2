package dev.berth.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.api.extension.DockerExtension;
import dev.berth.ui.internal.docker.DockerResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Carries out the {@code ddClient} calls that a Docker Desktop-format extension's page sends to the dashboard: each
 * becomes an engine request, a docker CLI run or a request to this extension's own backend socket, and nothing else.
 */
final class DdCalls {
    /** What the calls reach; the dashboard gives the real engine, CLI and sockets, tests their own. */
    interface Reach {
        /** The JSON of an engine GET. */
        CompletableFuture<JsonNode> engine(String pathAndQuery);

        /** Runs a program (the docker CLI, a host binary) with Berth's engine as its {@code DOCKER_HOST}: {@code {cmd, stdout, stderr, code}}. */
        CompletableFuture<JsonNode> run(List<String> command);

        /** One HTTP request to a backend's Unix socket. */
        CompletableFuture<DockerResponse> backend(Path socket, String method, String path, JsonNode body);
    }

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** A backend address: a path with a query, no scheme, host or line break. */
    private static final Pattern URL = Pattern.compile("/[\\x21-\\x7e]*");
    /** A host binary's name: a file directly in the extension's {@code host} folder. */
    private static final Pattern BINARY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private final Reach reach;
    private final Path docker;

    /** Reaches through {@code reach}; {@code docker} is the docker CLI Berth ships. */
    DdCalls(Reach reach, Path docker) {
        this.reach = reach;
        this.docker = docker;
    }

    /**
     * Carries out one call of the extension.
     *
     * @param call the call's name, such as {@code docker.listContainers}
     * @param args its arguments as the page passed them
     * @throws IllegalArgumentException for a call that is unknown or not allowed, or arguments that do not fit
     */
    CompletableFuture<JsonNode> call(DockerExtension ext, String call, JsonNode args) {
        return switch (call) {
            case "docker.listContainers" -> reach.engine("/containers/json" + query(args.path(0), "all", "limit", "size", "filters"));
            case "docker.listImages" -> reach.engine("/images/json" + query(args.path(0), "all", "filters", "digests"));
            case "docker.cli.exec", "extension.vm.cli.exec", "extension.host.cli.exec" -> reach.run(program(ext, call, args));
            case "extension.vm.service" -> service(ext, args);
            default -> throw new IllegalArgumentException("the call " + call + " is not supported by Berth");
        };
    }

    /**
     * The command line of one of the {@code exec} calls, run plainly or streamed.
     *
     * @throws IllegalArgumentException when the call is no {@code exec} or its arguments do not fit
     */
    List<String> program(DockerExtension ext, String call, JsonNode args) {
        return switch (call) {
            case "docker.cli.exec" -> command(docker.toString(), cliArgs(args));
            // a command in the extension's own backend container, as Docker Desktop runs it
            case "extension.vm.cli.exec" -> command(docker.toString(), List.of("exec", "berth-ext-" + ext.id()), cliArgs(args));
            case "extension.host.cli.exec" -> {
                List<String> words = cliArgs(args);
                yield command(hostBinary(ext, words.getFirst()), words.subList(1, words.size()));
            }
            default -> throw new IllegalArgumentException("the call " + call + " runs no command");
        };
    }

    private static List<String> command(String program, List<String> args) {
        return command(program, List.of(), args);
    }

    private static List<String> command(String program, List<String> middle, List<String> args) {
        List<String> all = new ArrayList<>(List.of(program));
        all.addAll(middle);
        all.addAll(args);
        return all;
    }

    /** One of the binaries the extension's image brought for this host, and nothing else. */
    static String hostBinary(DockerExtension ext, String name) {
        Path file = ext.folder().resolve("host").resolve(name).normalize();
        if (!BINARY.matcher(name).matches() || !file.getParent().equals(ext.folder().resolve("host").normalize())
                || !java.nio.file.Files.isExecutable(file)) {
            throw new IllegalArgumentException("the extension " + ext.id() + " brought no host binary '" + name + "'");
        }
        return file.toString();
    }

    /** The docker CLI's arguments: the command's words, then each argument with the quotes Docker's examples put around it removed. */
    static List<String> cliArgs(JsonNode args) {
        if (!args.path(0).isTextual() || args.path(0).asText().isBlank()) {
            throw new IllegalArgumentException("docker.cli.exec needs a command, such as \"ps\"");
        }
        List<String> all = new ArrayList<>(List.of(args.path(0).asText().strip().split("\\s+")));
        for (JsonNode a : args.path(1)) {
            if (!a.isValueNode()) throw new IllegalArgumentException("docker.cli.exec's arguments must be strings");
            String s = a.asText();
            if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
                s = s.substring(1, s.length() - 1);
            }
            all.add(s);
        }
        return all;
    }

    private CompletableFuture<JsonNode> service(DockerExtension ext, JsonNode args) {
        String method = args.path(0).asText("GET");
        String url = args.path(1).asText("");
        if (!METHODS.contains(method)) throw new IllegalArgumentException("HTTP method " + method + " is not allowed");
        if (!URL.matcher(url).matches() || url.startsWith("//")) {
            throw new IllegalArgumentException("a backend address is a path such as /hello, was '" + url + "'");
        }
        if (ext.backend().isEmpty()) {
            throw new IllegalArgumentException("the extension " + ext.id() + " has no backend socket (vm.exposes.socket)");
        }
        JsonNode body = args.has(2) && !args.get(2).isNull() ? args.get(2) : null;
        // only this extension's own socket: the page names a path, never a socket
        return reach.backend(Path.of(ext.backend()), method, url, body).thenApply(DdCalls::answer);
    }

    /** A backend's answer as Docker Desktop gives it to the page: its JSON, else its text; a failure is an error. */
    static JsonNode answer(DockerResponse r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("the extension's backend answered " + r.status() + (text.isBlank() ? "" : ": " + text.strip()));
        }
        try {
            return text.isBlank() ? JsonNodeFactory.instance.nullNode() : DockerResponse.JSON.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The engine's query from the page's options, only those named; filters go as JSON, as the engine wants them. */
    static String query(JsonNode options, String... names) {
        StringBuilder q = new StringBuilder();
        for (String n : names) {
            JsonNode v = options.get(n);
            if (v == null || v.isNull()) continue;
            String value = v.isContainerNode() ? v.toString() : v.asText();
            q.append(q.isEmpty() ? '?' : '&').append(n).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return q.toString();
    }
}
