package io.primesync.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product's log: one JSON object per line on standard output, which is what Lambda's JSON log format reads
 * ({@code timestamp} and {@code level} let CloudWatch filter by level). Every line of an invocation carries
 * Lambda's {@code requestId} (the one on the REPORT line), API Gateway's {@code apiRequestId} where there is one,
 * and the company, contract and sync it concerns once they are known. Never a header, token, secret or body.
 */
public final class Log {
    /** A failure's message is cut here: enough to say what failed, never a whole answer that came with it. */
    private static final int MAX_DETAIL = 500;
    private static final ThreadLocal<Map<String, String>> SCOPE = ThreadLocal.withInitial(LinkedHashMap::new);

    private Log() {}

    /** The invocation's scope; closing it forgets every field that was set in it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Starts an invocation's scope on this thread.
     *
     * @param requestId Lambda's {@code awsRequestId}, or null
     * @param apiRequestId API Gateway's request id, or null
     */
    public static Scope begin(String requestId, String apiRequestId) {
        Map<String, String> scope = SCOPE.get();
        scope.clear();
        put(scope, "requestId", requestId);
        put(scope, "apiRequestId", apiRequestId);
        return scope::clear;
    }

    /** Adds a field to every further line of the invocation (companyId, contractId, syncId). */
    public static void with(String key, String value) {
        put(SCOPE.get(), key, value);
    }

    public static void info(String message, Object... fields) {
        write("INFO", message, null, fields);
    }

    public static void warn(String message, Object... fields) {
        write("WARN", message, null, fields);
    }

    /** A warning with the failure that caused it: its type, message and the frame it came from. */
    public static void warn(String message, Throwable cause, Object... fields) {
        write("WARN", message, cause, fields);
    }

    /** An error, by its type, message and the frame it came from; no stack trace, no cause's text. */
    public static void error(String message, Throwable error, Object... fields) {
        write("ERROR", message, error, fields);
    }

    /** A line at a level chosen at run time (INFO or ERROR by outcome). */
    public static void line(String level, String message, Object... fields) {
        write(level, message, null, fields);
    }

    static void write(String level, String message, Throwable error, Object[] fields) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        SCOPE.get().forEach(line::put);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object value = fields[i + 1];
            String key = String.valueOf(fields[i]);
            if (value == null) {
                line.putNull(key);
            } else if (value instanceof Number number) {
                line.set(key, Json.MAPPER.valueToTree(number));
            } else if (value instanceof Boolean bool) {
                line.put(key, bool);
            } else {
                line.put(key, String.valueOf(value));
            }
        }
        if (error != null) {
            line.put("error", error.getClass().getName());
            String detail = String.valueOf(error.getMessage()).replaceAll("\\p{Cntrl}", " ");
            line.put("detail", detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail);
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length > 0) {
                line.put("at", trace[0].toString());
            }
        }
        System.out.println(Json.write(line));
    }

    private static void put(Map<String, String> scope, String key, String value) {
        if (value != null) {
            scope.put(key, value);
        }
    }
}
