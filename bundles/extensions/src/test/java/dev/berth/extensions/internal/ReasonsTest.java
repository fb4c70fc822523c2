package dev.berth.extensions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void aMissingPackageIsNamedWithItsVersion() {
        assertEquals("unresolved: no bundle exports package com.example.nope (version 1.2.0 or later)",
                Reasons.unresolved(List.<String[]>of(new String[] {"osgi.wiring.package",
                        "(&(osgi.wiring.package=com.example.nope)(version>=1.2.0)(!(version>=2.0.0)))"})));
    }

    @Test
    void otherRequirementsAreShownAsTheyAre() {
        assertEquals("unresolved: no bundle exports package a; missing osgi.ee (osgi.ee=JavaSE-99)",
                Reasons.unresolved(List.<String[]>of(new String[] {"osgi.wiring.package", "(osgi.wiring.package=a)"},
                        new String[] {"osgi.ee", "(osgi.ee=JavaSE-99)"})));
    }

    @Test
    void theDeepestCauseOfAnExceptionIsTold() {
        Exception e = new RuntimeException("wrapper", new IllegalStateException("the disk is gone\n\tat somewhere"));
        assertEquals("IllegalStateException: the disk is gone", Reasons.exception(e));
        assertEquals("NullPointerException", Reasons.exception(new NullPointerException()));
    }
}
