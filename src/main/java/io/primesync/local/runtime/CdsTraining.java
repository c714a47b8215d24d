package io.primesync.local.runtime;

import io.primesync.local.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the AppCDS archive {@code target/classes.jsa}: one JVM, started exactly as a measured function JVM is
 * ({@link FunctionJvm}), serves every sample event of every function in template.yaml against the demo company on
 * the local engine, and dumps every class it loaded at exit ({@code -XX:ArchiveClassesAtExit}). A JVM started with
 * {@code -XX:SharedArchiveFile=target/classes.jsa} and the same class path then maps those classes instead of
 * loading, parsing and verifying them.
 *
 * <p>Run by {@code mvn package} (skip with {@code -Dcds.skip}); arguments: build directory, final name, project
 * directory.
 */
public final class CdsTraining {
    public static final String ARCHIVE = "classes.jsa";

    private CdsTraining() {}

    /**
     * The archive only speeds up local cold starts and the benchmarks; it is not part of the deployed artifact. So a
     * build where it cannot be made (no Node.js for the local engine, as in a SAM build container) goes on without
     * it, saying why.
     */
    public static void main(String[] args) throws Exception {
        try {
            build(args);
        } catch (Exception e) {
            System.err.println("[WARNING] AppCDS archive not made, the build goes on without it: " + e.getMessage());
        }
    }

    private static void build(String[] args) throws Exception {
        Path buildDir = Path.of(args[0]);
        String finalName = args[1];
        Path projectDir = Path.of(args[2]);
        Path archive = buildDir.resolve(ARCHIVE);
        Files.deleteIfExists(archive);
        long start = System.nanoTime();
        Template template = Template.load(projectDir.resolve("template.yaml"));
        Path samples = projectDir.resolve("events");
        Path work = buildDir.resolve("cds");
        Path events = prepareEvents(samples, work.resolve("events"));
        FunctionJvm jvm = FunctionJvm.of(buildDir, finalName);
        try (LocalEngine engine = new LocalEngine(buildDir, template)) {
            String table = engine.createTable("primesync-cds");
            try (DynamoDbClient client = engine.client()) {
                DemoState.quietly(() -> new DemoState(samples).seed(engine.app(table, client), 4));
            }
            List<String> train = new ArrayList<>();
            train.add("--train");
            for (Functions.Function f : Functions.of(template, samples)) {
                if (f.events().isEmpty()) {
                    throw new IllegalStateException(f.logicalId() + " has no sample event in " + samples);
                }
                List<String> files = f.events().stream().map(e -> events.resolve(e).toString()).toList();
                train.add(f.handlerClass() + "=" + String.join(",", files));
            }
            Path log = work.resolve("training.log");
            Process p = jvm.start(List.of("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath()), train,
                    FunctionJvm.environment(engine.endpoint(), table), log);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                p.destroyForcibly();
                throw new IllegalStateException("the AppCDS training run failed; see " + log + ":\n" + tail(log));
            }
        }
        System.out.printf("AppCDS archive %s (%.1f MB) made by a training run of every function in %.1f s%n",
                archive, Files.size(archive) / 1e6, (System.nanoTime() - start) / 1e9);
    }

    /** The samples, webhook ones signed now (a signature is only accepted for five minutes). */
    static Path prepareEvents(Path samples, Path target) throws IOException {
        Files.createDirectories(target);
        DemoState demo = new DemoState(samples);
        try (var files = Files.list(samples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("webhook-")) {
                    demo.writeResigned(name, target.resolve(name));
                } else {
                    Files.copy(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
