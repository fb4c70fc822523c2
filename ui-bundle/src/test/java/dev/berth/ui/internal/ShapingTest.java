package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

/** The JSON the pages get from Docker's documents. */
class ShapingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void containersAreGroupedByComposeProjectWithPortLinksOnce() throws Exception {
        ArrayNode rows = ContainerRows.of(json("""
                [{'Id':'bbbbbbbbbbbbbbbb','Names':['/web-1'],'Image':'nginx','State':'running','Status':'Up 2 minutes',
                  'Labels':{'com.docker.compose.project':'shop','com.docker.compose.service':'web'},
                  'Ports':[{'IP':'0.0.0.0','PrivatePort':80,'PublicPort':8080,'Type':'tcp'},
                           {'IP':'::','PrivatePort':80,'PublicPort':8080,'Type':'tcp'},{'PrivatePort':443,'Type':'tcp'}]},
                 {'Id':'aaaa','Names':['/zed'],'Image':'busybox','State':'exited','Status':'Exited (0)','Labels':{},'Ports':[]}]
                """));
        assertEquals("zed", rows.get(0).path("name").asText(), "containers without a project first");
        JsonNode web = rows.get(1);
        assertEquals("web-1", web.path("name").asText());
        assertEquals("shop", web.path("project").asText());
        assertEquals("bbbbbbbbbbbb", web.path("shortId").asText());
        assertEquals(2, web.path("ports").size());
        assertEquals("http://localhost:8080/", web.path("ports").path(0).path("url").asText());
        assertFalse(web.path("ports").path(1).has("hostPort"));
    }

    @Test
    void statsGiveCpuPercentAndMemoryWithoutCacheAsDockerStatsDoes() throws Exception {
        JsonNode stats = json("""
                {'cpu_stats':{'cpu_usage':{'total_usage':300000000},'system_cpu_usage':2000000000,'online_cpus':2},
                 'precpu_stats':{'cpu_usage':{'total_usage':100000000},'system_cpu_usage':1000000000},
                 'memory_stats':{'usage':50000000,'limit':2000000000,'stats':{'inactive_file':10000000}},
                 'networks':{'eth0':{'rx_bytes':100,'tx_bytes':50},'eth1':{'rx_bytes':1,'tx_bytes':2}}}
                """);
        JsonNode s = StatsSample.of(stats, 42);
        assertEquals(40.0, s.path("cpu").asDouble(), 0.001);
        assertEquals(40000000, s.path("mem").asLong());
        assertEquals(2000000000, s.path("memLimit").asLong());
        assertEquals(101, s.path("netRx").asLong());
        assertEquals(52, s.path("netTx").asLong());
        assertEquals(0.0, StatsSample.of(json("{}"), 1).path("cpu").asDouble(), "the first sample has no delta");
    }

    @Test
    void imagesCountTheirContainersAndVolumesTakeSizesFromDf() throws Exception {
        ArrayNode images = ImageRows.images(json("""
                [{'Id':'sha256:0123456789abcdef0123','RepoTags':['busybox:1','<none>:<none>'],'Size':1234,'Created':5},
                 {'Id':'sha256:ffff','RepoTags':null,'Size':1,'Created':6}]"""),
                json("[{'ImageID':'sha256:0123456789abcdef0123'},{'ImageID':'sha256:0123456789abcdef0123'}]"));
        assertEquals("0123456789ab", images.get(0).path("shortId").asText());
        assertEquals(1, images.get(0).path("tags").size());
        assertEquals(2, images.get(0).path("containers").asInt());
        assertEquals(0, images.get(1).path("tags").size());
        ArrayNode volumes = ImageRows.volumes(json("{'Volumes':[{'Name':'data','Driver':'local','Labels':null},{'Name':'new','Driver':'local'}]}"),
                json("{'Volumes':[{'Name':'data','UsageData':{'Size':4096,'RefCount':1}}]}"));
        assertEquals(4096, volumes.get(0).path("size").asLong());
        assertEquals(1, volumes.get(0).path("containers").asLong());
        assertEquals(-1, volumes.get(1).path("size").asLong(), "not measured yet");
    }

    @Test
    void dockersDiskUseIsSummed() throws Exception {
        JsonNode disk = SystemView.disk(json("""
                {'LayersSize':1000,'Containers':[{'SizeRw':10},{'SizeRw':5}],'Volumes':[{'UsageData':{'Size':100}},
                 {'UsageData':{'Size':-1}}],'BuildCache':[{'Size':7}]}"""));
        assertEquals(1122, disk.path("total").asLong());
        assertEquals(15, disk.path("containers").asLong());
    }

    @Test
    void theRunFormBecomesACreateBodyAndMistakesAreNamed() throws Exception {
        JsonNode body = RunRequest.createBody(json("{'image':'nginx','ports':['8080:80','53/udp',' '],'volumes':['data:/data'],'env':['A=1']}"));
        assertEquals("8080", body.path("HostConfig").path("PortBindings").path("80/tcp").path(0).path("HostPort").asText());
        assertEquals("", body.path("HostConfig").path("PortBindings").path("53/udp").path(0).path("HostPort").asText());
        assertEquals("data:/data", body.path("HostConfig").path("Binds").path(0).asText());
        assertEquals("A=1", body.path("Env").path(0).asText());
        assertEquals("the port '80:80:80' should look like HOST:CONTAINER, such as 8080:80", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RunRequest.createBody(json("{'image':'x','ports':['80:80:80']}"))).getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunRequest.createBody(json("{'image':'x','ports':['70000:80']}")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunRequest.createBody(json("{'image':'x','volumes':['data']}")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunRequest.createBody(json("{'image':'x','name':'bad name'}")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RunRequest.createBody(json("{}")));
    }

    @Test
    void pathSegmentsCannotEscapeTheirEndpoint() {
        assertEquals("..%2Finfo", Paths.segment("../info"));
        assertEquals("sha256%3Aabc", Paths.segment("sha256:abc"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Paths.segment(""));
    }
}
