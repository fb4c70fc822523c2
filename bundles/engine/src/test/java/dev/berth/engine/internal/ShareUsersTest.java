package dev.berth.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.files.Share;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShareUsersTest {
    private static final List<Share> SHARES = List.of(new Share(Path.of("/home/me"), "s0", false),
            new Share(Path.of("/tmp"), "s1", false));

    @Test
    void picksTheContainersWithABindMountInAShare() throws Exception {
        String list = """
                [ {"Id":"a1","Names":["/web"],"Mounts":[{"Type":"bind","Source":"/home/me/site","Destination":"/usr/share/nginx/html"},
                                                          {"Type":"bind","Source":"/tmp/x","Destination":"/x"}]},
                  {"Id":"b2","Names":["/db"],"Mounts":[{"Type":"volume","Name":"data","Source":"/var/lib/docker/volumes/data/_data"}]},
                  {"Id":"c3","Names":["/sock"],"Mounts":[{"Type":"bind","Source":"/var/run/docker.sock"}]},
                  {"Id":"d4","Names":["/tmp2"],"Mounts":[{"Type":"bind","Source":"/tmpfoo/y"}]},
                  {"Id":"e5","Names":["/none"]} ]""";
        List<ShareUsers.User> users = ShareUsers.in(new ObjectMapper().readTree(list), SHARES);
        assertEquals(List.of(new ShareUsers.User("a1", "web", List.of("/home/me", "/tmp"))), users);
    }

    @Test
    void noSharesMeansNoUsers() throws Exception {
        String list = "[{\"Id\":\"a1\",\"Names\":[\"/web\"],\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/home/me\"}]}]";
        assertEquals(List.of(), ShareUsers.in(new ObjectMapper().readTree(list), List.of()));
    }
}
