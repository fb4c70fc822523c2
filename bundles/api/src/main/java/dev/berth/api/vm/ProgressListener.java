package dev.berth.api.vm;

/** Receives the phases of a long operation, such as an image build or a VM start. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every report. */
    ProgressListener NONE = (phase, fraction, detail) -> { };

    /**
     * Reports progress.
     *
     * @param phase    short phase name, such as {@code download}
     * @param fraction completed share of the phase from 0 to 1, or -1 when unknown
     * @param detail   what is being done, may be empty
     */
    void progress(String phase, double fraction, String detail);
}
