package dev.berth.vm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.api.hypervisor.MachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a daemon must know to reattach to a machine an earlier daemon launched.
 *
 * @param spec       the machine's spec
 * @param dockerPort the host port forwarded to dockerd's TLS port
 * @param imageHash  the guest image it booted
 */
record MachineRecord(MachineSpec spec, int dockerPort, String imageHash) {
    /**
     * The mapper for the VM bundle's state files. Shared: a saved state's description holds a machine record, and a
     * mapper that has already read one (the reattach check at daemon start) reads the next without building its
     * deserializers again.
     */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the record atomically. */
    void write(Path file) throws IOException {
        DurableFiles.write(file, JSON.writeValueAsBytes(this));
    }

    /** The record in {@code file}, or empty when there is none or it cannot be read. */
    static Optional<MachineRecord> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), MachineRecord.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
