package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client waits for the clock step under way, and only for that long; none waits when no step was begun. */
class ClockStepTest {
    @Test
    void aClientWaitsUntilTheStepUnderWayHasEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger steps = new AtomicInteger();
        ClockStep clock = new ClockStep(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            steps.incrementAndGet();
        });
        assertTrue(clock.await(Duration.ZERO), "nothing to wait for before any step");
        clock.begin();
        assertFalse(clock.await(Duration.ofMillis(100)), "the step has not ended yet");
        release.countDown();
        assertTrue(clock.await(Duration.ofSeconds(5)), "the step ended");
        assertEquals(1, steps.get());
    }

    @Test
    void aSecondStepFollowsTheFirstAndIsTheOneAwaited() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicInteger order = new AtomicInteger();
        AtomicInteger seenBySecond = new AtomicInteger(-1);
        ClockStep clock = new ClockStep(() -> {
            int n = order.getAndIncrement();
            if (n == 0) {
                try {
                    first.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                seenBySecond.set(n);
            }
        });
        clock.begin();
        clock.begin();
        assertFalse(clock.await(Duration.ofMillis(100)), "the second step waits for the first");
        first.countDown();
        assertTrue(clock.await(Duration.ofSeconds(5)));
        assertEquals(1, seenBySecond.get(), "the steps ran one after the other");
    }
}
