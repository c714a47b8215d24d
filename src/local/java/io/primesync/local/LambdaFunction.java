package io.primesync.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function of template.yaml as the Lambda Java runtime runs it: the handler class loaded by name, its
 * {@code RequestHandler<I, O>} type arguments found by reflection, the event turned into {@code I} and the
 * result back into JSON by the runtime's own serializers, the timeout enforced.
 *
 * <p>Like Lambda, an instance serves one invocation at a time: concurrent requests get further instances
 * (further "execution environments"), so a handler that keeps per-request state in a field fails here as it
 * would in AWS, and one that times out is thrown away rather than reused.
 */
final class LambdaFunction {
    /** Lambda's limit for a synchronous invocation's request and response payloads. */
    static final int PAYLOAD_LIMIT = 6_291_556;
    private static final ExecutorService INVOKER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-invoke");
        t.setDaemon(true);
        return t;
    });

    /** Builds a handler instance the way a cold start would. */
    interface Factory {
        Object create(Class<?> handlerClass, LambdaFunction function) throws ReflectiveOperationException;
    }

    private final LocalApi.FunctionSpec spec;
    private final Class<?> handlerClass;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;
    private final Factory factory;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();

    LambdaFunction(LocalApi.FunctionSpec spec, Factory factory) {
        this.spec = spec;
        this.factory = factory;
        ClassLoader loader = LambdaFunction.class.getClassLoader();
        try {
            this.handlerClass = Class.forName(spec.handlerClass(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(spec.logicalId() + ": handler class " + spec.handlerClass()
                    + " is not on the class path (Handler: " + spec.handler() + ")", e);
        }
        boolean typed = RequestHandler.class.isAssignableFrom(handlerClass);
        if (!typed && !RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            throw new IllegalStateException(spec.logicalId() + ": " + spec.handlerClass()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
        if (!"handleRequest".equals(spec.handlerMethod())) {
            throw new IllegalStateException(spec.logicalId() + ": only handleRequest is supported, not "
                    + spec.handler());
        }
        Type[] types = typed ? requestHandlerTypes(handlerClass) : null;
        this.input = typed ? serializer(types[0], loader) : null;
        this.output = typed ? serializer(types[1], loader) : null;
    }

    /** The serializer the Lambda Java runtime picks for a handler's input or output type. */
    @SuppressWarnings("unchecked")
    static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        // As the runtime does: the events library's classes get their dedicated serializers (mixins, date
        // handling); every other type gets the runtime's plain Jackson.
        if (type instanceof Class<?> cls && LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(cls, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    /** The {@code I} and {@code O} of {@code RequestHandler<I, O>} as the class (or a superclass) binds them. */
    static Type[] requestHandlerTypes(Class<?> handlerClass) {
        Map<TypeVariable<?>, Type> bound = new LinkedHashMap<>();
        for (Class<?> c = handlerClass; c != null && c != Object.class; c = c.getSuperclass()) {
            List<Type> supers = new ArrayList<>(List.of(c.getGenericInterfaces()));
            supers.add(c.getGenericSuperclass());
            for (Type t : supers) {
                if (t instanceof ParameterizedType p) {
                    Class<?> rawType = (Class<?>) p.getRawType();
                    TypeVariable<?>[] vars = rawType.getTypeParameters();
                    Type[] args = p.getActualTypeArguments();
                    for (int i = 0; i < vars.length; i++) {
                        bound.put(vars[i], args[i] instanceof TypeVariable<?> v && bound.containsKey(v) ? bound.get(v) : args[i]);
                    }
                    if (rawType == RequestHandler.class) {
                        Type in = resolve(args[0], bound);
                        Type out = resolve(args[1], bound);
                        return new Type[] {in, out};
                    }
                }
            }
        }
        return new Type[] {Object.class, Object.class};
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bound) {
        Type current = t;
        while (current instanceof TypeVariable<?> v && bound.containsKey(v) && bound.get(v) != v) {
            current = bound.get(v);
        }
        return current instanceof TypeVariable<?> ? Object.class : current;
    }

    String logicalId() {
        return spec.logicalId();
    }

    String functionName() {
        return spec.logicalId();
    }

    int memoryMb() {
        return spec.memoryMb();
    }

    Duration timeout() {
        return spec.timeout();
    }

    /** Builds one instance now, so that a handler that cannot start fails the start-up, not the first request. */
    void warm() {
        idle.push(newInstance());
    }

    /** The event as the handler's input object, read by the runtime's serializer (typed handlers only). */
    Object readEvent(byte[] eventJson) {
        return input.fromJson(new ByteArrayInputStream(eventJson));
    }

    /**
     * Runs the handler on one event, as Lambda would: the result is the response JSON, or Lambda's error
     * document when the handler throws or runs out of time.
     */
    Result invoke(byte[] eventJson, Context context) {
        if (eventJson.length > PAYLOAD_LIMIT) {
            return Result.error(errorJson("RequestEntityTooLargeException",
                    "Request must be smaller than " + PAYLOAD_LIMIT + " bytes for the InvokeFunction operation", null), false);
        }
        Object handler = idle.poll();
        Object instance = handler != null ? handler : newInstance();
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!(instance instanceof RequestHandler<?, ?>)) {
                // a stream handler gets the event's bytes and writes its answer, as the runtime gives them
                try {
                    ((RequestStreamHandler) instance).handleRequest(new ByteArrayInputStream(eventJson), out, context);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Result.ok(out.size() == 0 ? "null".getBytes(StandardCharsets.UTF_8)
                        : out.toByteArray());
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> typed = (RequestHandler<Object, Object>) instance;
            Object result = typed.handleRequest(readEvent(eventJson), context);
            if (result == null) {
                out.writeBytes("null".getBytes(StandardCharsets.UTF_8));
            } else {
                output.toJson(result, out);
            }
            return Result.ok(out.toByteArray());
        }, INVOKER);
        try {
            Result result = run.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            idle.push(instance);
            if (result.json().length > PAYLOAD_LIMIT) {
                return Result.error(errorJson("Function.ResponseSizeTooLarge",
                        "Response payload size exceeded maximum allowed payload size (" + PAYLOAD_LIMIT + " bytes).", null),
                        false);
            }
            return result;
        } catch (TimeoutException e) {
            // Lambda ends the execution environment of a timed-out invocation: this instance is not reused.
            run.cancel(true);
            return Result.error(errorJson(null, String.format("Task timed out after %.2f seconds",
                    spec.timeout().toMillis() / 1000.0), null), true);
        } catch (ExecutionException e) {
            idle.push(instance);
            Throwable cause = e.getCause();
            return Result.error(errorJson(cause.getClass().getName(), cause.getMessage(), cause), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.error(errorJson(null, "interrupted", null), true);
        }
    }

    private Object newInstance() {
        try {
            return factory.create(handlerClass, this);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException(spec.logicalId() + ": " + spec.handlerClass() + " could not be constructed: "
                    + cause, cause);
        }
    }

    /** Lambda's error document: {@code errorMessage}, {@code errorType}, {@code stackTrace}. */
    static byte[] errorJson(String type, String message, Throwable error) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", message);
        if (type != null) {
            doc.put("errorType", type);
        }
        if (error != null) {
            List<String> trace = new ArrayList<>();
            for (StackTraceElement e : error.getStackTrace()) {
                trace.add(e.toString());
            }
            doc.put("stackTrace", trace);
        }
        return LocalJson.bytes(doc);
    }

    /** How one invocation ended: the response JSON, or Lambda's error document. */
    record Result(byte[] json, boolean failed, boolean timedOut) {
        static Result ok(byte[] json) {
            return new Result(json, false, false);
        }

        static Result error(byte[] json, boolean timedOut) {
            return new Result(json, true, timedOut);
        }

        String text() {
            return new String(json, StandardCharsets.UTF_8);
        }

        String errorMessage() {
            Object message = failed ? LocalJson.readMap(json).get("errorMessage") : null;
            return message == null ? null : message.toString();
        }
    }
}
