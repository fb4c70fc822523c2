package dev.berth.e2e.ui;

import dev.berth.e2e.BerthCli;
import dev.berth.e2e.SharedBerth;
import dev.berth.e2e.TestImages;
import java.time.Duration;

/** The run's shared Berth, as the browser suite uses it. */
final class Shared {
    /**
     * What a command printed and how it exited.
     *
     * @param code exit code
     * @param out  standard output
     * @param err  standard error
     */
    record Result(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }

        static Result of(BerthCli.Result r) {
            return new Result(r.code(), r.out(), r.err());
        }
    }

    private Shared() {
    }

    /** Berth with its VM, stopped at the end of the run. */
    static void ensureRunning() throws Exception {
        SharedBerth.ensureRunning();
    }

    /** The offline busybox image's name. */
    static String busybox() throws Exception {
        return TestImages.busybox();
    }

    /** The docker CLI against the shared Berth. */
    static Result docker(Duration timeout, String... args) throws Exception {
        return Result.of(SharedBerth.docker(timeout, args));
    }

    /** The berth command against the shared Berth. */
    static Result berth(Duration timeout, String... args) throws Exception {
        return Result.of(BerthCli.run(timeout, args));
    }

    /** The daemon's pid, or -1. */
    static long daemonPid() {
        return BerthCli.daemonPid();
    }
}
