package io.primesync.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.primesync.local.Processes;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of a function, as Lambda's managed Java runtime makes it: a JVM of its own, started with
 * the runtime's flags, whose class path is the deployed code and nothing of the local tooling, running Lambda's own
 * runtime interface client against a local {@link RuntimeApi}. With SnapStart, the client runs the functions'
 * checkpoint hooks (through {@code org.crac.Core.Compat}, as the managed runtime sets it) and asks to be restored
 * before its first invocation.
 */
public final class FunctionProcess implements AutoCloseable {
    /** The JVM flags of Lambda's Java runtime for a 1024 MB function: serial GC, C1 only, a heap of 85 %. */
    public static final List<String> LAMBDA_FLAGS = List.of("-XX:MaxHeapSize=891289k", "-XX:+UseSerialGC",
            "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true");
    static final String DEPLOYED_CLASS_PATH = "deployed-classpath.txt";

    /**
     * What to start: the handler, the function's environment, whether SnapStart runs its hooks, the JDK (null: the one
     * running this), options added to the runtime's flags (as {@code JAVA_TOOL_OPTIONS} would add them), and the
     * task root: null puts the deployed code on the class path; a directory (the function's archive as Lambda unpacks
     * it into {@code /var/task}: the deployed jar in its {@code lib/}) is the working directory instead, with only the
     * runtime's jars on the class path, so the function's classes come through the runtime's own class loader from
     * that directory and its {@code lib/*.jar}, exactly as in Lambda.
     */
    public record Spec(String functionName, String handler, int memoryMb, Map<String, String> environment,
            boolean snapStart, Path javaHome, List<String> jvmOptions, Path taskRoot) {
        public Spec(String functionName, String handler, int memoryMb, Map<String, String> environment,
                boolean snapStart) {
            this(functionName, handler, memoryMb, environment, snapStart, null, List.of(), null);
        }
    }

    /**
     * The flags Lambda's managed runtime starts a JVM with: serial GC, a heap of 85 % of the memory, and C1 only,
     * except on Java 25 and later with SnapStart, where the JVM's own tiered compilation is left on (the compilation
     * happens before the snapshot, off the invocation path).
     */
    public static List<String> lambdaFlags(int javaFeature, boolean snapStart) {
        if (javaFeature >= 25 && snapStart) {
            return LAMBDA_FLAGS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList();
        }
        return LAMBDA_FLAGS;
    }

    /** The JVM's class path: the runtime's jars, then the deployed code unless the function has a task root. */
    public static String classPath(Spec spec, String deployedClassPath) {
        return spec.taskRoot() == null ? runtimeClassPath() + File.pathSeparator + deployedClassPath : runtimeClassPath();
    }

    /** The JVM's command: the JDK's java and the runtime's flags, with the spec's options. */
    public static List<String> java(Spec spec) throws IOException {
        List<String> command = new ArrayList<>();
        Path home = spec.javaHome() == null ? Path.of(System.getProperty("java.home")) : spec.javaHome();
        command.add(home.resolve("bin").resolve("java").toString());
        boolean aot = spec.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:AOT"));
        for (String flag : lambdaFlags(spec.javaHome() == null ? Runtime.version().feature() : javaFeature(home),
                spec.snapStart())) {
            // an ahead-of-time cache takes the place of the default class data sharing archive
            if (!(aot && flag.startsWith("-Xshare:"))) {
                command.add(flag);
            }
        }
        command.addAll(spec.jvmOptions());
        return command;
    }

    /** The feature version of a JDK (17, 21, 25), from its {@code release} file. */
    public static int javaFeature(Path javaHome) throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring(line.indexOf('"') + 1).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IOException(javaHome + "/release names no JAVA_VERSION");
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    private final Process process;
    private final RuntimeApi api;
    private final long startedNanos;
    private final Thread logPump;

    private FunctionProcess(Process process, RuntimeApi api, long startedNanos, Thread logPump) {
        this.process = process;
        this.api = api;
        this.startedNanos = startedNanos;
        this.logPump = logPump;
    }

    /**
     * @param deployedClassPath the deployed code: the shaded jar, or the classes with the runtime dependencies (unused
     *     when the spec names a task root)
     * @param logs where the function's standard output and error go (its CloudWatch log)
     */
    public static FunctionProcess start(Spec spec, String deployedClassPath, OutputStream logs) throws IOException {
        RuntimeApi api = new RuntimeApi("arn:aws:lambda:us-east-1:000000000000:function:" + spec.functionName());
        List<String> command = java(spec);
        if (spec.snapStart()) {
            command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        }
        command.add("-cp");
        command.add(classPath(spec, deployedClassPath));
        command.add(AWSLambda.class.getName());
        command.add(spec.handler());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (spec.taskRoot() != null) {
            builder.directory(spec.taskRoot().toFile());
        }
        Map<String, String> env = builder.environment();
        // a Lambda environment starts from nothing but the runtime's variables and the function's own
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", spec.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        if (spec.taskRoot() != null) {
            env.put("LAMBDA_TASK_ROOT", spec.taskRoot().toString());
        }
        if (spec.snapStart()) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        } else {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        }
        env.putAll(spec.environment());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            api.close();
            throw e;
        }
        Thread pump = new Thread(() -> copy(process.getInputStream(), logs), "function-log-" + spec.functionName());
        pump.setDaemon(true);
        pump.start();
        return new FunctionProcess(process, api, started, pump);
    }

    /**
     * Waits until the function asked for its first event, or failed to start.
     *
     * @return the init duration in milliseconds (JVM start, class loading, handler construction, and with SnapStart
     *     the checkpoint hooks)
     */
    public double awaitReady(long timeoutMillis) throws IOException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(api.ready(), api.initError(), process.onExit());
        try {
            Object first = either.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first instanceof Long readyAt) {
                return (readyAt - startedNanos) / 1_000_000.0;
            }
            if (first instanceof String error) {
                throw new IOException("the function failed to start: " + error);
            }
            throw new IOException("the function's JVM exited with code " + process.exitValue() + " before it was ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the function started");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the function did not start within " + timeoutMillis + " ms");
        }
    }

    /** With SnapStart: how long init took until the checkpoint (hooks included), in ms; null without. */
    public Double checkpointMillis() {
        Long at = api.restoreRequested().getNow(null);
        return at == null ? null : (at - startedNanos) / 1_000_000.0;
    }

    public RuntimeApi.Outcome invoke(byte[] event, long timeoutMillis) throws IOException {
        try {
            return api.invoke(event, timeoutMillis).get(timeoutMillis + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the function ran");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the function did not answer within " + timeoutMillis + " ms");
        }
    }

    /** The peak resident memory of the function's JVM, in MB (Lambda's "Max Memory Used"); -1 when unknown. */
    public long maxMemoryUsedMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Asks the JVM to end as Lambda ends an environment (SIGTERM) and waits for it: what it writes at exit gets written. */
    public boolean exit(long timeoutMillis) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Processes.stop(process);
        try {
            logPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    /**
     * The deployed class path of this build: the compiled product and its runtime dependencies, as Maven listed them
     * in target/deployed-classpath.txt.
     */
    public static String deployedClassPath(Path buildDir) throws IOException {
        Path list = buildDir.resolve(DEPLOYED_CLASS_PATH);
        if (!Files.exists(list)) {
            throw new IOException(list + " is missing; build the project first (mvn test-compile)");
        }
        return buildDir.resolve("classes").toAbsolutePath() + File.pathSeparator + Files.readString(list).strip();
    }

    /**
     * The runtime's jars, in the managed runtime's order (its {@code /var/runtime/lib}: the core interfaces, the runtime
     * interface client, its serialization library, and the SDK's small utilities the client needs), never the
     * function's.
     */
    static String runtimeClassPath() {
        return String.join(File.pathSeparator, jarOf(LambdaLogger.class), jarOf(AWSLambda.class),
                jarOf(LambdaEventSerializers.class), jarOf(SdkInternalThreadLocal.class));
    }

    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
