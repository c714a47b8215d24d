package io.primesync.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK interceptor that counts DynamoDB calls and attempts and fails chosen ones, the way a network or a
 * throttled table fails them:
 * <ul>
 *   <li>{@link Kind#NET_BEFORE}: the connection breaks before the request is sent (nothing reaches the table);</li>
 *   <li>{@link Kind#NET_AFTER}: the table applies the request, then the connection breaks before the answer
 *       arrives (the client cannot tell whether a write happened: the nasty case);</li>
 *   <li>{@link Kind#THROTTLE}: the table refuses the request with a 400 {@code ProvisionedThroughputExceededException}.
 *       The request reaches the engine addressed to a table that does not exist, so nothing is applied, and the
 *       answer is rewritten into the throttling error; the SDK sees a genuine error response and backs off.</li>
 * </ul>
 * A fault hits call number {@code call} (1-based, counted over everything the client executes) on its first
 * {@code attempts} attempts; the SDK's retries decide whether the application ever sees it.
 */
public final class DynamoFaults implements ExecutionInterceptor {
    public enum Kind { NET_BEFORE, NET_AFTER, THROTTLE }

    /**
     * Which calls ({@code call} to {@code lastCall}), how, and on how many of their attempts.
     * {@code attempts} = {@link Integer#MAX_VALUE}: all of them.
     */
    public record Fault(int call, int lastCall, Kind kind, int attempts) {
        public Fault(int call, Kind kind, int attempts) {
            this(call, call, kind, attempts);
        }

        public static Fault none() {
            return new Fault(0, Kind.NET_BEFORE, 0);
        }

        /** Every call from the first on: the table is throttled or unreachable. */
        public static Fault everyCall(Kind kind, int attempts) {
            return new Fault(1, Integer.MAX_VALUE, kind, attempts);
        }

        /** Every call from this one on. */
        public static Fault from(int call, Kind kind, int attempts) {
            return new Fault(call, Integer.MAX_VALUE, kind, attempts);
        }

        @Override
        public String toString() {
            return kind + "@" + call + (lastCall == call ? "" : "-" + (lastCall == Integer.MAX_VALUE ? "" : lastCall))
                    + "x" + (attempts == Integer.MAX_VALUE ? "all" : Integer.toString(attempts));
        }
    }

    /**
     * One call the client made: its operation, how many attempts it took, how many were failed, and the pause
     * before each retry (from the end of one attempt to the start of the next, in milliseconds).
     */
    public record Call(int number, String operation, int attempts, int faulted, List<Long> pausesMillis) {}

    private static final ExecutionAttribute<Exec> EXEC = new ExecutionAttribute<>("primesync.test.fault");
    private static final byte[] THROTTLED = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
            + "ProvisionedThroughputExceededException\",\"message\":\"The level of configured provisioned throughput"
            + " for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final String tableName;
    private final byte[] tableNameBytes;
    private volatile Fault fault = Fault.none();
    /** Calls to leave alone before the plan starts counting, e.g. the set-up of a test. */
    private volatile boolean armed;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final List<Call> log = Collections.synchronizedList(new ArrayList<>());

    /** Per execution: its number, the attempt in flight and whether that attempt is to be throttled. */
    private static final class Exec {
        final int number;
        final String operation;
        int attempt;
        int faulted;
        long lastAttemptEnded;
        final List<Long> pauses = new ArrayList<>();
        boolean throttleThisAttempt;
        /** Set just before sending, taken by the stream the HTTP client sends (signing read its own earlier). */
        volatile boolean sendMisaddressed;

        Exec(int number, String operation) {
            this.number = number;
            this.operation = operation;
        }
    }

    public DynamoFaults(String tableName) {
        this.tableName = tableName;
        this.tableNameBytes = ("\"" + tableName + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** Starts counting calls from 1 with this fault planned (or none). */
    public synchronized DynamoFaults arm(Fault plan) {
        calls.set(0);
        attempts.set(0);
        faultsInjected.set(0);
        log.clear();
        fault = plan;
        armed = true;
        return this;
    }

    /** Stops injecting; calls are still counted. */
    public DynamoFaults disarm() {
        fault = Fault.none();
        return this;
    }

    public int calls() {
        return calls.get();
    }

    public int attempts() {
        return attempts.get();
    }

    public int faultsInjected() {
        return faultsInjected.get();
    }

    public List<Call> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replace("Request", "");
        attributes.putAttribute(EXEC, new Exec(calls.incrementAndGet(), operation));
    }

    /** Routes every attempt's body through a provider that can address it to a missing table (throttling). */
    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Optional<RequestBody> body = context.requestBody();
        Exec exec = attributes.getAttribute(EXEC);
        if (body.isEmpty() || exec == null) {
            return body;
        }
        RequestBody original = body.get();
        byte[] bytes;
        try (InputStream in = original.contentStreamProvider().newStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] misaddressed = misaddress(bytes);
        ContentStreamProvider provider = () -> {
            boolean wrong = exec.sendMisaddressed;
            exec.sendMisaddressed = false;
            return new ByteArrayInputStream(wrong ? misaddressed : bytes);
        };
        return Optional.of(RequestBody.fromContentProvider(provider, bytes.length, original.contentType()));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Exec exec = attributes.getAttribute(EXEC);
        attempts.incrementAndGet();
        if (exec.attempt > 0) {
            exec.pauses.add((System.nanoTime() - exec.lastAttemptEnded) / 1_000_000);
        }
        exec.attempt++;
        exec.throttleThisAttempt = false;
        exec.sendMisaddressed = false;
        if (!hits(exec)) {
            return;
        }
        switch (fault.kind()) {
            case NET_BEFORE -> {
                exec.lastAttemptEnded = System.nanoTime();
                exec.faulted++;
                faultsInjected.incrementAndGet();
                throw SdkClientException.create("Unable to execute HTTP request: Connection reset (injected)",
                        new IOException("Connection reset (injected before sending)"));
            }
            case THROTTLE -> {
                exec.throttleThisAttempt = true;
                exec.sendMisaddressed = true;
            }
            case NET_AFTER -> { }
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Exec exec = attributes.getAttribute(EXEC);
        exec.lastAttemptEnded = System.nanoTime();
        if (hits(exec) && fault.kind() == Kind.NET_AFTER) {
            exec.faulted++;
            faultsInjected.incrementAndGet();
            throw SdkClientException.create("Unable to execute HTTP request: Connection reset (injected)",
                    new IOException("Connection reset (injected after the table answered)"));
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Exec exec = attributes.getAttribute(EXEC);
        if (exec == null || !exec.throttleThisAttempt) {
            return context.httpResponse();
        }
        exec.faulted++;
        faultsInjected.incrementAndGet();
        return context.httpResponse().toBuilder()
                .statusCode(400)
                .statusText("Bad Request")
                .removeHeader("x-amz-crc32")
                .putHeader("x-amzn-ErrorType", "ProvisionedThroughputExceededException")
                .putHeader("Content-Length", Integer.toString(THROTTLED.length))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        Exec exec = attributes.getAttribute(EXEC);
        if (exec == null || !exec.throttleThisAttempt) {
            return context.responseBody();
        }
        return Optional.of(new ByteArrayInputStream(THROTTLED));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private void record(ExecutionAttributes attributes) {
        Exec exec = attributes.getAttribute(EXEC);
        if (exec != null) {
            log.add(new Call(exec.number, exec.operation, exec.attempt, exec.faulted, List.copyOf(exec.pauses)));
        }
    }

    private boolean hits(Exec exec) {
        Fault f = fault;
        return armed && exec != null && exec.number >= f.call() && exec.number <= f.lastCall()
                && exec.attempt <= f.attempts();
    }

    /** The same bytes with every quoted occurrence of the table name replaced by a name of equal length. */
    private byte[] misaddress(byte[] body) {
        byte[] out = body.clone();
        for (int i = 0; i + tableNameBytes.length <= out.length; i++) {
            boolean match = true;
            for (int j = 0; j < tableNameBytes.length && match; j++) {
                match = out[i + j] == tableNameBytes[j];
            }
            if (match) {
                for (int j = 1; j < tableNameBytes.length - 1; j++) {
                    out[i + j] = 'x';
                }
                i += tableNameBytes.length - 1;
            }
        }
        return out;
    }

    public String tableName() {
        return tableName;
    }
}
