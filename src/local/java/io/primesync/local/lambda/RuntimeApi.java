package io.primesync.local.lambda;

import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, as the runtime interface client expects it:
 * {@code invocation/next} hands out the queued events with their request id and deadline, {@code response} and
 * {@code error} answer them, {@code init/error} reports a function that could not start, and {@code restore/next}
 * lets a SnapStart environment go on as if restored from its snapshot.
 */
public final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";
    private static final Pattern ANSWER = Pattern.compile("^" + BASE + "invocation/([^/]+)/(response|error)$");

    /** How one invocation ended. */
    public record Outcome(String requestId, byte[] body, String errorType, long durationNanos) {
        public boolean failed() {
            return errorType != null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<Outcome> outcome) {}

    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreNext = new CompletableFuture<>();
    private final String functionArn;
    private final LocalHttp http;
    private final int port;

    public RuntimeApi(String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.http = LocalHttp.create("runtime-api", this::handle,
                (status, method, target, why) -> Reply.of(status, Map.of("Content-Type", "text/plain"), why),
                new LocalHttp.Limits(16 * 1024, 16 * 1024, 7 * 1024 * 1024), 4);
        this.port = http.listen(0);
    }

    /** {@code host:port}, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Queues an event; the future completes with the function's answer. */
    public CompletableFuture<Outcome> invoke(byte[] event, long timeoutMillis) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeoutMillis, new CompletableFuture<>());
        queue.add(invocation);
        return invocation.outcome();
    }

    /** When the function first asked for work (its init was over), in System.nanoTime, or empty. */
    public CompletableFuture<Long> ready() {
        return firstNext;
    }

    /** The error document a function that failed to start reported. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** When a SnapStart environment asked to be restored (its checkpoint hooks had run), in System.nanoTime. */
    public CompletableFuture<Long> restoreRequested() {
        return restoreNext;
    }

    private Reply handle(LocalHttp.Request request) throws InterruptedException {
        String path = request.rawPath();
        if (request.method().equals("GET") && path.equals(BASE + "invocation/next")) {
            firstNext.complete(System.nanoTime());
            Invocation next;
            do {
                next = queue.poll(1, TimeUnit.SECONDS);
            } while (next == null);
            running.put(next.requestId(), next);
            startedAt.put(next.requestId(), System.nanoTime());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId());
            headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMillis()));
            headers.put("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.put("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                    + "-" + next.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
            return new Reply(200, multi(headers), next.event());
        }
        if (request.method().equals("GET") && path.equals(BASE + "restore/next")) {
            restoreNext.complete(System.nanoTime());
            return Reply.of(200, Map.of("Content-Type", "application/json"), "");
        }
        if (request.method().equals("POST") && (path.equals(BASE + "init/error") || path.equals(BASE + "restore/error"))) {
            initError.complete(new String(request.body(), StandardCharsets.UTF_8));
            return accepted();
        }
        Matcher answer = ANSWER.matcher(path);
        if (request.method().equals("POST") && answer.matches()) {
            Invocation invocation = running.remove(answer.group(1));
            Long started = startedAt.remove(answer.group(1));
            if (invocation == null) {
                return Reply.of(400, Map.of("Content-Type", "application/json"),
                        "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            }
            boolean error = answer.group(2).equals("error");
            String type = error ? headerOr(request, "Lambda-Runtime-Function-Error-Type", "Unhandled") : null;
            invocation.outcome().complete(new Outcome(invocation.requestId(), request.body(), type,
                    System.nanoTime() - (started == null ? System.nanoTime() : started)));
            return accepted();
        }
        return Reply.of(404, Map.of("Content-Type", "application/json"), "{\"errorMessage\":\"not found\"}");
    }

    private static String headerOr(LocalHttp.Request request, String name, String otherwise) {
        String value = request.header(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static Reply accepted() {
        return Reply.of(202, Map.of("Content-Type", "application/json"), "{\"status\":\"OK\"}");
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    @Override
    public void close() {
        http.close();
    }
}
