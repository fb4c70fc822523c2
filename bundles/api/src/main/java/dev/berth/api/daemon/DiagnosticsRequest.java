package dev.berth.api.daemon;

import java.util.List;
import java.util.Map;

/**
 * What a diagnostics zip holds besides what the platform knows itself.
 *
 * @param status    the status as a JSON document, written as {@code status.json}
 * @param documents more JSON documents by file name, such as {@code docker-info.json}, in the order to write them
 * @param secrets   strings to remove wherever they appear, such as the dashboard's token
 */
public record DiagnosticsRequest(String status, Map<String, String> documents, List<String> secrets) {
}
