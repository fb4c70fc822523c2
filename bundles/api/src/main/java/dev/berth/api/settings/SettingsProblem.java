package dev.berth.api.settings;

import java.nio.file.Path;

/**
 * Why a settings file was not applied.
 *
 * @param file    the file
 * @param line    1-based line of the error, or 0 when unknown
 * @param column  1-based column of the error, or 0 when unknown
 * @param message what is wrong
 */
public record SettingsProblem(Path file, int line, int column, String message) {
    /** The problem as one sentence naming file and line. */
    public String describe() {
        return line > 0 ? file + " line " + line + ", column " + column + ": " + message : file + ": " + message;
    }
}
