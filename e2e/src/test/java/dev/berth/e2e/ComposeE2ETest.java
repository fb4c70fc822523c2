package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A Compose v2 project through the {@code docker compose} plugin Berth ships: build, up --wait, profiles, logs, down. */
@Order(3)
class ComposeE2ETest extends EngineSuite {
    @Test
    @Order(1)
    void composeV2BuildUpWaitProfilesLogsAndDown() throws Exception {
        Result link = ok(exec(List.of(BerthCli.HOME.resolve("bin/docker-compose").toString(), "version"), null, T, Map.of()));
        assertTrue(link.out().matches("(?s)Docker Compose version v?2\\..*"), "docker-compose is Compose v2: " + link.all());
        Path project = composeProject();
        int port = freePort();
        Map<String, String> env = Map.of("WEB_PORT", Integer.toString(port));
        List<String> compose = List.of(BerthCli.DOCKER.toString(), "compose", "-p", COMPOSE_PROJECT, "-f",
                project.resolve("compose.yaml").toString());
        List<String> withDebug = concat(compose, "--profile", "debug");
        try {
            Result build = exec(concat(compose, "build"), null, LONG, env);
            assertEquals(0, build.code(), build.all());
            assertEquals(0, docker("image", "inspect", COMPOSE_PROJECT + "-web").code(), "compose build made the image: " + build.all());
            Result up = exec(concat(compose, "up", "--wait"), null, LONG, env);
            assertEquals(0, up.code(), up.all());
            String url = "http://127.0.0.1:" + port + "/cgi-bin/hello";
            String page = curl(url).out();
            assertTrue(page.contains("store: stored at"), "web answers once up --wait returned: " + curl(url).all());
            assertTrue(page.contains("title: berth-compose"), "the build arg reached the image: " + page);

            String store = COMPOSE_PROJECT + "-store-1";
            String web = COMPOSE_PROJECT + "-web-1";
            assertEquals("healthy", ok(docker("inspect", "-f", "{{.State.Health.Status}}", store)).out().strip());
            String storeStart = ok(docker("inspect", "-f", "{{.State.StartedAt}}", store)).out().strip();
            String webStart = ok(docker("inspect", "-f", "{{.State.StartedAt}}", web)).out().strip();
            assertFalse(java.time.Instant.parse(webStart).isBefore(java.time.Instant.parse(storeStart).plusSeconds(3)),
                    "web waited for store's healthcheck (its server starts 3 s in): " + storeStart + " / " + webStart);
            assertEquals("[" + COMPOSE_PROJECT + "_back " + COMPOSE_PROJECT + "_front]",
                    sortedNetworks(web), "web is on both networks");
            assertEquals("[" + COMPOSE_PROJECT + "_back]", sortedNetworks(store), "store only on the back network");
            assertEquals(COMPOSE_PROJECT + "_data", ok(docker("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", store)).out().strip());
            String debug = COMPOSE_PROJECT + "-debug-1";
            assertNotEquals(0, docker("inspect", debug).code(), "a service of a profile stays down without --profile");

            Result withProfile = exec(concat(withDebug, "up", "--wait"), null, LONG, env);
            assertEquals(0, withProfile.code(), withProfile.all());
            assertEquals("true", ok(docker("inspect", "-f", "{{.State.Running}}", debug)).out().strip(), "--profile debug started it");

            Result logs = exec(concat(withDebug, "logs", "--no-color"), null, T, env);
            assertEquals(0, logs.code(), logs.all());
            assertTrue(logs.out().contains("store ready") && logs.out().contains("web ready")
                    && logs.out().lines().anyMatch(l -> l.startsWith("debug-1") && l.contains("stored at")), logs.all());

            Result down = exec(concat(withDebug, "down", "-v"), null, T, env);
            assertEquals(0, down.code(), down.all());
            assertEquals("", ok(docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + COMPOSE_PROJECT)).out().strip());
            assertNotEquals(0, docker("volume", "inspect", COMPOSE_PROJECT + "_data").code(), "down -v removed the volume");
            assertNotEquals(0, docker("network", "inspect", COMPOSE_PROJECT + "_back").code(), "down removed the networks");
            awaitTrue(() -> curl(url).code() != 0, Duration.ofSeconds(30), () -> "the port is closed after down");
        } finally {
            exec(concat(withDebug, "down", "-v", "-t", "1"), null, T, env);
        }
    }


    // -----------------------------------------------------------------------------------------------------------

    /**
     * A Compose v2 project: {@code store} serves a file it appends to on a named volume, 3 s after it starts, and is
     * healthy once it serves; {@code web} is built with a build arg, starts when store is healthy, sits on both networks
     * and publishes a port, and its CGI fetches store's file by name; {@code debug} runs only with profile debug.
     */
    private static Path composeProject() throws IOException {
        Path project = Files.createDirectories(work.resolve("compose"));
        Files.writeString(project.resolve("compose.yaml"), """
                services:
                  store:
                    image: %1$s
                    init: true
                    command: ["sh", "-c", "echo stored at $$(date +%%s) >> /data/index.html; echo store ready; sleep 3; exec httpd -f -p 8080 -h /data"]
                    healthcheck:
                      test: ["CMD-SHELL", "wget -qO- http://127.0.0.1:8080/index.html > /dev/null"]
                      interval: 1s
                      timeout: 5s
                      retries: 60
                    volumes: ["data:/data"]
                    networks: [back]
                  web:
                    build:
                      context: ./web
                      args:
                        WEB_TITLE: berth-compose
                    init: true
                    depends_on:
                      store:
                        condition: service_healthy
                    ports: ["${WEB_PORT}:80"]
                    networks: [front, back]
                  debug:
                    image: %1$s
                    profiles: [debug]
                    init: true
                    command: ["sh", "-c", "wget -qO- http://store:8080/index.html; exec sleep 3600"]
                    networks: [back]
                volumes:
                  data:
                networks:
                  front:
                  back:
                """.formatted(busybox));
        Path web = Files.createDirectories(project.resolve("web"));
        Files.writeString(web.resolve("Dockerfile"), """
                FROM %s
                ARG WEB_TITLE=untitled
                COPY hello.cgi /www/cgi-bin/hello
                RUN echo "$WEB_TITLE" > /www/title
                CMD ["sh", "-c", "echo web ready; exec httpd -f -v -p 80 -h /www"]
                """.formatted(busybox));
        Path cgi = web.resolve("hello.cgi");
        Files.writeString(cgi, """
                #!/bin/sh
                printf 'Content-Type: text/plain\\r\\n\\r\\n'
                echo "title: $(cat /www/title)"
                echo "store: $(wget -qO- http://store:8080/index.html)"
                """);
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return project;
    }

    private static String sortedNetworks(String container) throws Exception {
        String names = ok(docker("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container)).out();
        return Stream.of(names.strip().split(" ")).sorted().toList().toString().replace(",", "");
    }
}
