package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

class EngineHealthTest {
    private final List<String> notes = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getName().equals("warn") || method.getName().equals("info")) {
                    logged.add(method.getName() + " " + args[0] + (args.length > 1 ? " " + List.of(args).subList(1, args.length) : ""));
                }
                return method.getReturnType() == boolean.class ? false : null;
            });

    private void checks(EngineHealth health, Boolean... answers) {
        Deque<Boolean> left = new ArrayDeque<>(List.of(answers));
        while (!left.isEmpty()) health.check(left::removeFirst, () -> "console line");
    }

    @Test
    void threeUnansweredPingsInARowShowANoteUntilTheEngineAnswersAgain() {
        EngineHealth health = new EngineHealth(log, () -> Duration.ZERO, notes::add, notes::remove);
        checks(health, false, false, true, false, false);
        assertEquals(List.of(), notes, "two misses in a row are not enough");
        assertFalse(health.unanswered());
        checks(health, false);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).matches("the Docker Engine has not answered since \\d\\d:\\d\\d:\\d\\d \\(the VM may be hung "
                + "or overloaded\\); if it stays so, restart the VM: berth vm restart"), notes.get(0));
        assertTrue(logged.getLast().startsWith("warn ") && logged.getLast().contains("console line"), logged.toString());
        checks(health, false, false);
        assertEquals(1, notes.size(), "noted once");
        checks(health, true);
        assertEquals(List.of(), notes);
        assertEquals("info the Docker Engine in the VM answers again", logged.getLast());
    }

    @Test
    void asksOnlyOncePerInterval() {
        EngineHealth health = new EngineHealth(log, () -> Duration.ofSeconds(2), notes::add, notes::remove);
        int[] pings = {0};
        for (int i = 0; i < 5; i++) health.check(() -> ++pings[0] < 0, () -> "");
        assertEquals(1, pings[0], "one ping, then none until the interval passes");
        // No bound on how long the interval takes on a loaded machine: wait for the second ping, then ask at once.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pings[0] < 2 && System.nanoTime() < deadline) health.check(() -> ++pings[0] < 0, () -> "");
        assertEquals(2, pings[0], "a second ping once the interval has passed");
        for (int i = 0; i < 5; i++) health.check(() -> ++pings[0] < 0, () -> "");
        assertEquals(2, pings[0], "and none more until the next interval");
    }

    @Test
    void anotherMachineStartsAfresh() {
        EngineHealth health = new EngineHealth(log, () -> Duration.ZERO, notes::add, notes::remove);
        checks(health, false, false, false);
        assertEquals(1, notes.size());
        health.reset();
        assertEquals(List.of(), notes);
        checks(health, false, false);
        assertEquals(List.of(), notes);
    }
}
