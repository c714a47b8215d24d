package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The jar `mvn package` builds for Lambda holds the product and its runtime libraries, and nothing local. */
class DeployedJarIT {
    /**
     * What only the local tooling, the Spectrum agent (its own artifact), the tests or the build use, by the path it
     * would have in the jar.
     */
    private static final List<String> LOCAL_ONLY = List.of("io/primesync/local/", "io/primesync/bench/",
            "io/primesync/agent/", "org/h2/", "com/microsoft/sqlserver/",
            "io/primesync/testing/", "dynalite/", "local/", "io/netty/", "org/yaml/", "org/junit/", "net/jqwik/",
            "com/amazonaws/services/lambda/runtime/api/client/", "com/amazonaws/services/lambda/runtime/serialization/");

    @Test
    void theDeployedJarHoldsNothingLocal() throws IOException {
        Path jar = Path.of(System.getProperty("primesync.lambdaJar", "target/primesync-1.0.0-SNAPSHOT-lambda.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " was built by the package phase");
        List<String> names;
        try (JarFile file = new JarFile(jar.toFile())) {
            names = file.stream().map(JarEntry::getName).toList();
        }
        List<String> local = names.stream().filter(n -> LOCAL_ONLY.stream().anyMatch(n::startsWith)).toList();
        assertEquals(List.of(), local, "local-only entries in " + jar.getFileName());
        List<String> tests = names.stream().filter(n -> n.startsWith("io/primesync/") && (n.endsWith("Test.class")
                || n.endsWith("IT.class") || n.contains("Signer") || n.contains("Hs256"))).toList();
        assertEquals(List.of(), tests);
        for (String product : List.of("io/primesync/handler/AuthorizerHandler.class",
                "io/primesync/handler/SyncHandler.class", "io/primesync/store/ContractStore.class",
                "priming/reimport.json", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")) {
            assertTrue(names.contains(product), product + " is in the jar");
        }
    }
}
