package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.api.extension.DockerExtension;
import dev.berth.api.extension.ExtensionState;
import dev.berth.ui.internal.docker.DockerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each ddClient call of an extension's page goes, and what it may not reach. */
class DdCallsTest {
    private final List<String> reached = new ArrayList<>();
    private final DdCalls calls = new DdCalls(new DdCalls.Reach() {
        @Override
        public CompletableFuture<JsonNode> engine(String pathAndQuery) {
            reached.add("engine " + pathAndQuery);
            return CompletableFuture.completedFuture(JsonNodeFactory.instance.arrayNode());
        }

        @Override
        public CompletableFuture<JsonNode> run(List<String> args) {
            reached.add("run " + String.join("|", args));
            return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode().put("code", 0));
        }

        @Override
        public CompletableFuture<DockerResponse> backend(Path socket, String method, String path, JsonNode body) {
            reached.add("backend " + socket + " " + method + " " + path + " " + body);
            String answer = path.equals("/text") ? "plain words" : path.equals("/missing") ? "no such thing" : "{\"message\":\"hello\"}";
            return CompletableFuture.completedFuture(new DockerResponse(path.equals("/missing") ? 404 : 200,
                    answer.getBytes(StandardCharsets.UTF_8)));
        }
    }, Path.of("/berth/bin/docker"));
    @TempDir
    Path folder;

    private DockerExtension ext(String backend) {
        return new DockerExtension("example-hello", "example/hello:1", "Hello", folder, "Hello", "index.html",
                "icon.svg", backend, ExtensionState.ACTIVE, "");
    }

    private static JsonNode args(String json) throws Exception {
        return DockerResponse.JSON.readTree(json);
    }

    @Test
    void listingGoesToTheEngineWithOnlyTheKnownOptions() throws Exception {
        calls.call(ext(""), "docker.listContainers", args("[{\"all\": true, \"filters\": {\"label\": [\"a=b\"]}, \"x\": 1}]")).join();
        calls.call(ext(""), "docker.listImages", args("[]")).join();
        assertEquals(List.of("engine /containers/json?all=true&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D",
                "engine /images/json"), reached);
    }

    @Test
    void theCliGetsTheCommandsWordsAndUnquotedArguments() throws Exception {
        calls.call(ext(""), "docker.cli.exec", args("[\"ps\", [\"--all\", \"--format\", \"\\\"{{json .}}\\\"\"]]")).join();
        calls.call(ext(""), "docker.cli.exec", args("[\"container  ls\"]")).join();
        assertEquals(List.of("run /berth/bin/docker|ps|--all|--format|{{json .}}", "run /berth/bin/docker|container|ls"), reached);
        assertThrows(IllegalArgumentException.class, () -> calls.call(ext(""), "docker.cli.exec", args("[\"\"]")));
        assertThrows(IllegalArgumentException.class, () -> calls.call(ext(""), "docker.cli.exec", args("[\"ps\", [{\"a\": 1}]]")));
    }

    @Test
    void aServiceCallReachesOnlyTheExtensionsOwnSocket() throws Exception {
        JsonNode json = calls.call(ext("/run/guest/hello.sock"), "extension.vm.service", args("[\"POST\", \"/hello?x=1\", {\"a\": 1}]")).join();
        assertEquals("hello", json.path("message").asText());
        assertEquals(List.of("backend /run/guest/hello.sock POST /hello?x=1 {\"a\":1}"), reached);
        assertEquals("plain words", calls.call(ext("/s"), "extension.vm.service", args("[\"GET\", \"/text\"]")).join().asText());
        CompletionException failed = assertThrows(CompletionException.class,
                () -> calls.call(ext("/s"), "extension.vm.service", args("[\"GET\", \"/missing\"]")).join());
        assertTrue(failed.getCause().getMessage().contains("404: no such thing"), failed.getCause().getMessage());
    }

    @Test
    void aServiceCallCannotNameAnotherPlace() {
        for (String bad : List.of("[\"GET\", \"http://evil/\"]", "[\"GET\", \"//evil/x\"]", "[\"GET\", \"/a b\"]",
                "[\"GET\", \"/a\\r\\nHost: x\"]", "[\"CONNECT\", \"/\"]", "[\"GET\", \"\"]")) {
            assertThrows(IllegalArgumentException.class, () -> calls.call(ext("/s"), "extension.vm.service", args(bad)), bad);
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> calls.call(ext(""), "extension.vm.service", args("[\"GET\", \"/hello\"]")));
        assertTrue(none.getMessage().contains("has no backend socket"), none.getMessage());
        assertEquals(List.of(), reached);
    }

    @Test
    void vmCommandsRunInTheExtensionsOwnContainerAndHostCommandsAreItsOwnBinaries() throws Exception {
        Files.createDirectories(folder.resolve("host"));
        Files.writeString(folder.resolve("host/hello-host"), "#!/bin/sh\n");
        folder.resolve("host/hello-host").toFile().setExecutable(true);
        Files.writeString(folder.resolve("ui.html"), "not a binary");
        calls.call(ext(""), "extension.vm.cli.exec", args("[\"ls\", [\"-l\"]]")).join();
        calls.call(ext(""), "extension.host.cli.exec", args("[\"hello-host\", [\"a b\"]]")).join();
        assertEquals(List.of("run /berth/bin/docker|exec|berth-ext-example-hello|ls|-l",
                "run " + folder.resolve("host/hello-host") + "|a b"), reached);
        for (String bad : List.of("../ui.html", "/bin/sh", "missing", "host/hello-host", "..")) {
            assertThrows(IllegalArgumentException.class,
                    () -> calls.call(ext(""), "extension.host.cli.exec", args("[\"" + bad + "\", []]")), bad);
        }
        assertEquals(2, reached.size());
    }

    @Test
    void unknownCallsAreRefused() {
        for (String call : List.of("docker.rawRequest", "desktopUI.toast.success", "extension.host.cli.run", "")) {
            assertThrows(IllegalArgumentException.class, () -> calls.call(ext("/s"), call, args("[]")), call);
        }
        assertEquals(List.of(), reached);
    }
}
