package io.primesync.local.runtime;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a function's JVM is started, in one place, so that the AppCDS training run of the build and every measured
 * cold start use the same JVM, flags and class path: a CDS archive is only used by a JVM whose class path starts
 * with exactly the class path it was made with.
 *
 * <p>The class path is the deployed jar first, then the runner jar ({@link FunctionRunner} alone), then
 * aws-lambda-java-serialization (the runtime's, never in the deployed jar). The flags are those the Lambda Java
 * runtime starts its JVM with at 1024 MB (serial GC, C1 only, a heap of 85 % of the memory).
 */
public class FunctionJvm {
    /** Lambda's own JVM flags for a 1024 MB function, as its runtime passes them on the command line. */
    public static final List<String> LAMBDA_FLAGS = List.of(
            "-XX:MaxHeapSize=891289k", "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-Djava.net.preferIPv4Stack=true");

    private final Path java;
    private final Path lambdaJar;
    private final Path runnerJar;
    private final Path serializationJar;

    public FunctionJvm(Path java, Path lambdaJar, Path runnerJar, Path serializationJar) {
        this.java = java;
        this.lambdaJar = lambdaJar;
        this.runnerJar = runnerJar;
        this.serializationJar = serializationJar;
    }

    /** The JVM running this code, the build's jars under {@code buildDir}, the serialization jar on our class path. */
    public static FunctionJvm of(Path buildDir, String finalName) throws IOException {
        Path lambda = buildDir.resolve(finalName + "-lambda.jar");
        Path runner = buildDir.resolve(finalName + "-runner.jar");
        for (Path jar : List.of(lambda, runner)) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " is missing; run mvn package first");
            }
        }
        return new FunctionJvm(Path.of(System.getProperty("java.home"), "bin", "java"), lambda, runner,
                jarOf(LambdaEventSerializers.class));
    }

    public String classPath() {
        return lambdaJar.toAbsolutePath() + File.pathSeparator + runnerJar.toAbsolutePath()
                + File.pathSeparator + serializationJar.toAbsolutePath();
    }

    /**
     * The same JVM with more jars after the class path (a CDS archive accepts a class path that extends the one it
     * was made with; the added jars' classes are loaded the usual way).
     */
    public FunctionJvm withAppended(Path jar) {
        FunctionJvm base = this;
        return new FunctionJvm(java, lambdaJar, runnerJar, serializationJar) {
            @Override
            public String classPath() {
                return base.classPath() + File.pathSeparator + jar.toAbsolutePath();
            }
        };
    }

    public Path java() {
        return java;
    }

    public Path lambdaJar() {
        return lambdaJar;
    }

    /**
     * The command for one JVM: {@code jvmFlags} (e.g. the CDS archive) after Lambda's flags, then the runner and
     * its arguments (the start time is added by {@link #start}).
     */
    public List<String> command(List<String> jvmFlags, List<String> runnerArgs) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(LAMBDA_FLAGS);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(FunctionRunner.class.getName());
        command.addAll(runnerArgs);
        return command;
    }

    /** The environment of a function talking to the local engine: only what Lambda would set, nothing inherited of AWS. */
    public static Map<String, String> environment(URI endpoint, String table) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TABLE_NAME", table);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", "us-east-1");
        env.put("PRIMESYNC_LOCAL", "true");
        env.put("AUTH_JWT_SECRET", "local-dev-secret");
        return env;
    }

    /** Starts the JVM, passing it the monotonic time just before the start so that it can count its Init from there. */
    public Process start(List<String> jvmFlags, List<String> runnerArgs, Map<String, String> env, Path log) throws IOException {
        List<String> args = new ArrayList<>(runnerArgs);
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL")
                || name.startsWith("_JAVA") || name.equals("JDK_JAVA_OPTIONS") || name.startsWith("PRIMESYNC"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        args.add(0, Long.toString(t0));
        builder.command(command(jvmFlags, args));
        return builder.start();
    }

    static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
