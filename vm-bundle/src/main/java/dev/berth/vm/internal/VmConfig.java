package dev.berth.vm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The VM's settings: section {@code vm} of settings.json. */
@ObjectClassDefinition(name = "Berth VM")
public @interface VmConfig {
    /** Virtual CPUs; a change applies at the next VM start. */
    @AttributeDefinition(description = "Virtual CPUs")
    int cpus() default 2;

    /** Guest memory in MiB; a change applies at the next VM start. */
    @AttributeDefinition(description = "Guest memory in MiB")
    int memoryMiB() default 2048;

    /** Size of the data disk that holds images, containers and volumes; it grows, never shrinks. */
    @AttributeDefinition(description = "Data disk size in GiB")
    int diskGiB() default 64;

    /** Extra kernel command-line arguments, such as {@code norandmaps}. */
    @AttributeDefinition(description = "Extra kernel arguments")
    String kernelArgs() default "";

    /** The hypervisor backend by name; empty means the highest ranked available one. */
    @AttributeDefinition(description = "Hypervisor backend")
    String hypervisor() default "";

    /** A guest spec file to use instead of the built-in one. */
    @AttributeDefinition(description = "Guest spec file")
    String spec() default "";


    /**
     * Whether {@code berth stop} saves the VM's state so that the next start resumes it in about a second; the
     * guest's memory then lives in a file under Berth's home.
     */
    @AttributeDefinition(description = "Save the VM's state at stop and resume it at start")
    boolean saveState() default true;

    /** Seconds without containers and without API calls after which the VM is paused; 0 never pauses it. */
    @AttributeDefinition(description = "Pause the idle VM after this many seconds (0: never)")
    int idlePauseSeconds() default 300;

    /**
     * Seconds between two checks that the Docker Engine in the VM answers (checks run at most every 5 s); after
     * three unanswered checks in a row the VM's status says so.
     */
    @AttributeDefinition(description = "Check that the Docker Engine answers every this many seconds")
    int engineCheckSeconds() default 15;

    /** How long an orderly shutdown may take before the VM is killed, in seconds. */
    @AttributeDefinition(description = "Shutdown timeout in seconds")
    int shutdownSeconds() default 60;
}
