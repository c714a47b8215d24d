package io.primesync.local.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response as the local gateway writes it: status, headers (several values each), body bytes. */
public record Reply(int status, Map<String, List<String>> headers, byte[] body) {
    public static Reply of(int status, Map<String, String> headers, String body) {
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        return new Reply(status, multi, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
}
