package io.primesync.local.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response as the local gateway writes it: status, headers (several values each), body bytes. */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    /** No answer at all: the connection is closed (a simulated network failure). */
    public static final Reply DROP = new Reply(-1, Map.of(), new byte[0]);

    /** A JSON answer. */
    public static Reply json(int status, String json) {
        return of(status, Map.of("Content-Type", "application/json; charset=utf-8"), json);
    }

    public static Reply of(int status, Map<String, String> headers, String body) {
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        return new Reply(status, multi, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
}
