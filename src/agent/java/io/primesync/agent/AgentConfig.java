package io.primesync.agent;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's config file (properties): where Spectrum's database is and the Info-Link login, which Spectrum companies
 * to read and the Procore company each is in the product, where the product's Spectrum webhook is and the company's
 * secret, how often to poll, where to keep the state and the spool. Secrets may be given in a file of their own
 * ({@code ...File}) rather than in the config. Every problem is named at once.
 */
public record AgentConfig(String jdbcUrl, String user, String password, Map<String, String> companies, URI productUrl,
        byte[] secret, Duration period, Path stateDir, Path mapping, Snapshots.StatusRule status, int deleteAfter) {

    public static AgentConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return of(p, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The config the properties give, paths in them taken from {@code base}.
     *
     * @throws IllegalArgumentException naming every problem
     */
    public static AgentConfig of(Properties p, Path base) {
        List<String> wrong = new ArrayList<>();
        String url = required(p, "spectrum.url", wrong);
        if (url != null && !url.startsWith("jdbc:")) {
            wrong.add("spectrum.url must be a JDBC URL (jdbc:sqlserver://host:1433;databaseName=...)");
        }
        String user = required(p, "spectrum.user", wrong);
        String password = secret(p, "spectrum.password", base, wrong);
        Map<String, String> companies = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("company.")) {
                String procore = p.getProperty(key).strip();
                if (!procore.matches("[0-9]{1,18}")) {
                    wrong.add(key + " must be the Procore company id (digits), not \"" + procore + "\"");
                }
                companies.put(key.substring("company.".length()), procore);
            }
        }
        if (companies.isEmpty()) {
            wrong.add("name at least one company: company.<Spectrum Company_Code>=<Procore company id>");
        }
        URI productUrl = null;
        String product = required(p, "product.url", wrong);
        if (product != null) {
            productUrl = URI.create(product);
            if (!"https".equals(productUrl.getScheme()) && !"http".equals(productUrl.getScheme())) {
                wrong.add("product.url must be the product's https URL of POST /webhooks/spectrum");
            }
        }
        String secret = secret(p, "product.secret", base, wrong);
        Duration period = Duration.ofMinutes(15);
        try {
            period = Duration.parse(p.getProperty("period", "PT15M").strip());
        } catch (DateTimeParseException e) {
            wrong.add("period must be an ISO-8601 duration such as PT15M");
        }
        Snapshots.StatusRule status = Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED;
        try {
            status = Snapshots.StatusRule.parse(p.getProperty("status"));
        } catch (IllegalArgumentException e) {
            wrong.add(e.getMessage());
        }
        int deleteAfter = 2;
        try {
            deleteAfter = Integer.parseInt(p.getProperty("deleteAfter", "2").strip());
            if (deleteAfter < 1) {
                wrong.add("deleteAfter must be at least 1");
            }
        } catch (NumberFormatException e) {
            wrong.add("deleteAfter must be a whole number");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", wrong));
        }
        Path state = base.resolve(p.getProperty("state", "primesync-agent").strip());
        String mapping = p.getProperty("mapping");
        return new AgentConfig(url, user, password, Map.copyOf(companies), productUrl,
                secret.getBytes(StandardCharsets.UTF_8), period, state,
                mapping == null || mapping.isBlank() ? null : base.resolve(mapping.strip()), status, deleteAfter);
    }

    private static String required(Properties p, String key, List<String> wrong) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            wrong.add(key + " is required");
            return null;
        }
        return v.strip();
    }

    /** A secret given as {@code key}, or read from the file {@code keyFile}. */
    private static String secret(Properties p, String key, Path base, List<String> wrong) {
        String inline = p.getProperty(key);
        String file = p.getProperty(key + "File");
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(base.resolve(file.strip()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                wrong.add(key + "File " + file + " cannot be read");
                return "";
            }
        }
        if (inline == null || inline.isBlank()) {
            wrong.add(key + " (or " + key + "File) is required");
            return "";
        }
        return inline.strip();
    }
}
