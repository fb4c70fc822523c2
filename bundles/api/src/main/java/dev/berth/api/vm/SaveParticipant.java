package dev.berth.api.vm;

import dev.berth.api.hypervisor.Machine;
import java.util.Optional;

/**
 * A part of Berth with guest state that a saved VM state cannot hold (plugged-in devices, mounts), asked before
 * the VM's state is saved at {@code berth stop}; registered as a whiteboard service. Participants are asked in
 * order of service ranking, highest first, and may still reach the guest's engine through
 * {@link GuestChannel#docker()} while they prepare.
 */
public interface SaveParticipant {
    /**
     * Readies the guest for its state to be saved, for example by unplugging devices that cannot be saved.
     *
     * @return empty when the state may be saved, else the reason it must not be (the VM then shuts down and boots
     *         afresh at the next start)
     */
    Optional<String> beforeSave(Machine machine);

    /** Undoes {@link #beforeSave} when the state was not saved after all and the VM runs on. */
    default void saveAbandoned(Machine machine) {
    }
}
