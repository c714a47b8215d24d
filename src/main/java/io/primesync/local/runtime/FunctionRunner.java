package io.primesync.local.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-process stand-in for the Lambda Java runtime, run in a fresh JVM: loads one handler class, builds it with
 * its no-arg constructor (the function's Init), then serves events the way the runtime does: bytes in,
 * deserialized with aws-lambda-java-serialization (event classes by their event serializer, anything else by the
 * runtime's Jackson), the handler called, the result serialized back to bytes (each one a Duration).
 *
 * <p>It deliberately touches no product class and no product dependency (not even the application's Jackson)
 * before the handler class is loaded, so what a cold start loads is what the function loads.
 *
 * <pre>
 * FunctionRunner T0_NANOS HANDLER_CLASS EVENT_FILE...        one function, one report line per event
 * FunctionRunner T0_NANOS --train CLASS=EVENT[,EVENT...]...  several functions in one JVM (an AppCDS training run)
 * </pre>
 *
 * {@code T0_NANOS} is the parent's {@code System.nanoTime()} just before it started this JVM; on Linux both read
 * the same monotonic clock, so Init counts from the process start as Lambda's Init Duration does.
 *
 * <p>Each report is one line: {@code @@report handler=... init_ns=... duration_ns=... maxrss_kb=... status=...}.
 */
public final class FunctionRunner {
    public static final String REPORT = "@@report";

    private FunctionRunner() {}

    public static void main(String[] args) throws Exception {
        long t0 = Long.parseLong(args[0]);
        long mainAt = System.nanoTime();
        if (args.length > 1 && args[1].equals("--train")) {
            for (int i = 2; i < args.length; i++) {
                String[] spec = args[i].split("=", 2);
                Loaded loaded = load(spec[0]);
                for (String event : spec[1].split(",")) {
                    System.out.println(REPORT + " handler=" + spec[0] + " event=" + Path.of(event).getFileName()
                            + " status=" + invoke(loaded, Path.of(event)));
                }
            }
            return;
        }
        Loaded loaded = load(args[1]);
        long initAt = System.nanoTime();
        String snapshot = "";
        if (Boolean.getBoolean("runner.snapstart")) {
            // SnapStart: the hooks run when a version is published; the first request comes after a restore
            long before = System.nanoTime();
            io.primesync.local.runtime.crac.Core.checkpointRestore();
            snapshot = " priming_ns=" + (System.nanoTime() - before) + " resources="
                    + io.primesync.local.runtime.crac.Core.registered();
        }
        for (int i = 2; i < args.length; i++) {
            long start = System.nanoTime();
            String status = invoke(loaded, Path.of(args[i]));
            long end = System.nanoTime();
            System.out.flush();
            System.out.println(REPORT + " handler=" + args[1] + " event=" + Path.of(args[i]).getFileName()
                    + " jvm_ns=" + (mainAt - t0) + " init_ns=" + (initAt - t0) + " duration_ns=" + (end - start)
                    + " maxrss_kb=" + peakRssKb() + snapshot + " status=" + status);
        }
    }

    /** A handler as the runtime holds it: a stream handler, or a POJO handler with its two serializers. */
    private record Loaded(RequestStreamHandler stream, RequestHandler<Object, Object> handler, PojoSerializer<Object> in,
            PojoSerializer<Object> out) {}

    /**
     * The function's Init: load the class, run its static initialisers and its no-arg constructor, and, for a POJO
     * handler, build the serializers of its input and output types (the runtime does that during Init too). A
     * class with a public {@code handleRequest(InputStream, OutputStream, Context)} is served through it, as the
     * runtime does: that overload wins over the POJO one whether or not the template names the method.
     */
    @SuppressWarnings("unchecked")
    private static Loaded load(String className) throws Exception {
        ClassLoader loader = FunctionRunner.class.getClassLoader();
        Class<?> type = Class.forName(className, true, loader);
        Object handler = type.getDeclaredConstructor().newInstance();
        if (handler instanceof RequestStreamHandler stream) {
            return new Loaded(stream, null, null, null);
        }
        Type[] io = requestHandlerTypes(type);
        return new Loaded(null, (RequestHandler<Object, Object>) handler, serializer(io[0], loader), serializer(io[1], loader));
    }

    /** What the runtime does: Lambda's own event serializers for event classes, its Jackson for anything else. */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static String invoke(Loaded loaded, Path event) throws IOException {
        byte[] payload = Files.readAllBytes(event);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        Context context = new LocalContext(event.getFileName().toString());
        try {
            if (loaded.stream() != null) {
                loaded.stream().handleRequest(new ByteArrayInputStream(payload), response, context);
            } else {
                Object input = loaded.in().fromJson(new ByteArrayInputStream(payload));
                loaded.out().toJson(loaded.handler().handleRequest(input, context), response);
            }
        } catch (RuntimeException e) {
            // the runtime reports a thrown error as the invocation's result; so does this stand-in
            return "error:" + e.getMessage();
        }
        String json = response.toString(StandardCharsets.UTF_8);
        int at = json.indexOf("\"statusCode\":");
        if (at >= 0) {
            int from = at + "\"statusCode\":".length();
            int to = from;
            while (to < json.length() && Character.isDigit(json.charAt(to))) {
                to++;
            }
            String status = json.substring(from, to);
            // a refusal says why, in a form a report line can carry
            return status.startsWith("2") ? status : status + ":" + json.replaceAll("\\s+", "_").substring(0, Math.min(json.length(), 400));
        }
        return json.contains("\"Allow\"") ? "allow" : "ok";
    }

    /** The handler's RequestHandler&lt;I, O&gt; arguments, found on its class or a superclass. */
    static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        throw new IllegalArgumentException(type + " is not a RequestHandler");
    }

    /** Peak resident set size (Lambda's Max Memory Used counts the whole sandbox; here, this JVM). */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }

    private record LocalContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/local"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return "local"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:local"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 20_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.write(message, 0, message.length); }
            };
        }
    }
}
