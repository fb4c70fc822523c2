package dev.berth.virtiofs.internal;

/** Starts the file server for one folder; its options follow QEMU's virtiofsd where they mean the same. */
public final class Main {
    private Main() {
    }

    /** Usage: {@code --socket-path=PATH --shared-dir=DIR [--readonly]}. */
    public static void main(String[] args) {
        System.err.println("berth-virtiofs: not implemented yet");
        System.exit(2);
    }
}
