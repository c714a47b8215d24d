package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The agent's own artifact, {@code target/primesync-agent.jar}: it runs with {@code java -jar}, holds the agent, its
 * JSON library and Microsoft's JDBC driver, and nothing of the Lambda code nor of the local tooling.
 */
class AgentJarIT {
    private static final Path JAR = Path.of(System.getProperty("primesync.agentJar", "target/primesync-agent.jar"));

    @Test
    void theAgentsJarHoldsTheAgentAndItsDriverAndNothingElseOfTheProduct() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " was built by the package phase");
        List<String> names;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            names = jar.stream().map(JarEntry::getName).toList();
            assertEquals(AgentMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        for (String needed : List.of("io/primesync/agent/AgentMain.class", "io/primesync/agent/spectrum-mapping.properties",
                "com/microsoft/sqlserver/jdbc/SQLServerDriver.class", "META-INF/services/java.sql.Driver",
                "com/fasterxml/jackson/databind/ObjectMapper.class")) {
            assertTrue(names.contains(needed), needed + " is in the agent's jar");
        }
        List<String> foreign = names.stream().filter(n -> n.startsWith("io/primesync/") && !n.startsWith("io/primesync/agent/")
                && !n.endsWith("/")).toList();
        assertEquals(List.of(), foreign, "nothing of the Lambda code or the local tooling");
        assertEquals(List.of(), names.stream().filter(n -> n.endsWith("IT.class") || n.endsWith("Test.class")).toList());
        assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/h2/") || n.startsWith("software/amazon/")
                || n.startsWith("io/primesync/agent/lambda/")).toList(), "nothing of the agent's Lambda function");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it answers");
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), said);
        assertTrue(said.contains("usage: java -jar primesync-agent.jar <agent.properties>"), said);
    }

    @Test
    void theAgentsFunctionHasItsOwnJarWithTheAwsClientsItNeedsAndNothingOfTheProduct() throws Exception {
        Path jar = JAR.resolveSibling("primesync-agent-lambda.jar");
        assertTrue(Files.isRegularFile(jar), jar + " was built by the package phase");
        List<String> names;
        try (JarFile j = new JarFile(jar.toFile())) {
            names = j.stream().map(JarEntry::getName).toList();
        }
        for (String needed : List.of("io/primesync/agent/lambda/AgentFunction.class", "io/primesync/agent/Agent.class",
                "com/microsoft/sqlserver/jdbc/SQLServerDriver.class",
                "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
                "software/amazon/awssdk/services/dynamodb/DynamoDbClient.class",
                "software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class")) {
            assertTrue(names.contains(needed), needed + " is in the agent function's jar");
        }
        assertEquals(List.of(), names.stream().filter(n -> n.startsWith("io/primesync/") && !n.startsWith("io/primesync/agent/")
                && !n.endsWith("/")).toList(), "nothing of the product's functions or the local tooling");
        assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/h2/") || n.startsWith("org/apache/http/")
                || n.startsWith("io/netty/") || n.endsWith("IT.class") || n.endsWith("Test.class")).toList());
    }
}
