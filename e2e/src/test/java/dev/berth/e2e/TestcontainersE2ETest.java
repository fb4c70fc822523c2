package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.e2e.BerthCli.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers-java against Berth's socket (DOCKER_HOST and a disabled reaper come from the surefire configuration):
 * a container with an exposed port, an HTTP wait strategy and the page fetched through the mapped port.
 */
@Order(7)
class TestcontainersE2ETest {
    private static String busybox;

    @BeforeAll
    static void startBerthAndImportBusybox() throws Exception {
        SharedBerth.ensureRunning();
        busybox = TestImages.busybox();
    }

    @Test
    void aGenericContainerWaitsForHttpAndServesThroughItsMappedPort() throws Exception {
        assertTrue(DockerClientFactory.instance().getInfo().getServerVersion().startsWith("28."),
                "Testcontainers talks to Berth's Engine 28: " + DockerClientFactory.instance().getInfo().getServerVersion());
        try (GenericContainer<?> web = new GenericContainer<>(DockerImageName.parse(busybox))
                .withCommand("httpd", "-f", "-p", "80", "-h", "/var/www")
                .withExposedPorts(80)
                .withLabel("berth.e2e", "testcontainers")
                .waitingFor(Wait.forHttp("/").withStartupTimeout(Duration.ofMinutes(2)))) {
            web.start();
            Result inspect = SharedBerth.docker(Duration.ofMinutes(1), "inspect", "-f", "{{.State.Running}}", web.getContainerId());
            assertEquals("true\n", inspect.out(), "the container runs in Berth's engine: " + inspect.all());
            URI page = URI.create("http://" + web.getHost() + ":" + web.getMappedPort(80) + "/");
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), page.toString());
                assertEquals("hello from berth\n", answer.body(), "the page came through the mapped port " + page);
            }
        }
    }
}
