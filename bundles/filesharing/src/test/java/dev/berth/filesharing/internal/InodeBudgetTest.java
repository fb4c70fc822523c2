package dev.berth.filesharing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InodeBudgetTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             95420                95420                processes
            Max open files            20000                20000                files
            """;

    @Test
    void isHalfTheHardLimitVirtiofsdInherits() {
        assertEquals(10_000, InodeBudget.of(LIMITS, "Name:\tjava\nCapEff:\t000001fffeffffff\n"));
    }

    @Test
    void isHalfAMillionWhenVirtiofsdMayRaiseItsLimit() {
        assertEquals(500_000, InodeBudget.of(LIMITS, "CapEff:\t000001ffffffffff\n"));
        assertEquals(500_000, InodeBudget.of(LIMITS.replace("20000                20000", "1024 unlimited"), "CapEff:\t0\n"));
    }
}
