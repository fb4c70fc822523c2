package dev.berth.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The bundle's plain Jackson mapper, shared because a mapper is costly to build and safe to share once configured. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
