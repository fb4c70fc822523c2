package dev.berth.api.vm;

/**
 * The outcome of a program run in the guest.
 *
 * @param exitCode the program's exit code
 * @param stdout   what it wrote to standard output
 * @param stderr   what it wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
    /** Whether the program exited with code 0. */
    public boolean ok() {
        return exitCode == 0;
    }
}
