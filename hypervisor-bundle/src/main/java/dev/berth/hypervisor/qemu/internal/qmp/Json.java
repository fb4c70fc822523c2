package dev.berth.hypervisor.qemu.internal.qmp;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The bundle's plain Jackson mapper, shared because a mapper is costly to build and safe to share once configured. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
