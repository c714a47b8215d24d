package io.primesync.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code java -jar primesync-agent.jar agent.properties [--once | --check]}: the agent next to Spectrum. It polls every
 * period until stopped; {@code --once} makes one round; {@code --check} only checks the mapped columns and says what
 * it would read. Outbound only: it reads Spectrum's database and POSTs to the product. Its log is JSON lines on
 * standard output; it stops with a message (exit 2) when Spectrum lacks a mapped column or the product refuses its
 * signature.
 */
public final class AgentMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out));
    }

    static int run(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            out.println("usage: java -jar primesync-agent.jar <agent.properties> [--once | --check]");
            return 2;
        }
        Consumer<String> log = line -> out.println(line(line));
        AgentConfig config;
        try {
            config = AgentConfig.load(Path.of(args.get(0)));
        } catch (IllegalArgumentException e) {
            log.accept("the config: " + e.getMessage());
            return 2;
        }
        Mapping mapping = config.mapping() == null ? Mapping.defaults() : Mapping.from(config.mapping());
        Agent.Database db = () -> DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        if (args.contains("--check")) {
            try (Connection c = db.connect()) {
                List<String> missing = SchemaCheck.missing(c, mapping);
                log.accept(missing.isEmpty() ? "every mapped column is there" : "missing: " + String.join(", ", missing));
                return missing.isEmpty() ? 0 : 2;
            }
        }
        Agent agent = Agent.configured(config, mapping, log);
        while (true) {
            try {
                agent.runOnce();
            } catch (IllegalStateException e) {
                // a refused signature (Sender.Unauthorized) or a mapped column Spectrum lacks: nothing will pass until fixed
                log.accept("stopped: " + e.getMessage());
                return 2;
            }
            if (args.contains("--once")) {
                return 0;
            }
            Thread.sleep(config.period().toMillis());
        }
    }

    /** A log line of the agent: JSON, as the product's functions log. */
    public static String line(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timestamp", Instant.now().toString());
        o.put("level", message.startsWith("stopped") || message.startsWith("the config") ? "ERROR" : "INFO");
        o.put("message", message);
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return message;
        }
    }
}
