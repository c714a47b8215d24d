package io.primesync.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Info-Link tables and columns the agent reads, by role ({@code contract.amount}, {@code fixed.code}, ...): the
 * documented names by default ({@code spectrum-mapping.properties}, each entry saying where its name comes from), a
 * site's own names from a file of the same keys. Every name is an SQL identifier, checked as one: the agent puts them
 * in its queries.
 */
public final class Mapping {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final String DEFAULTS = "spectrum-mapping.properties";

    private final Map<String, String> names;

    private Mapping(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The documented names. */
    public static Mapping defaults() {
        try (InputStream in = Mapping.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the agent");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return of(p, DEFAULTS, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS + ": " + e.getMessage(), e);
        }
    }

    /** The documented names, with those of the file in their place. */
    public static Mapping from(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return of(p, file.toString(), defaults());
    }

    private static Mapping of(Properties p, String source, Mapping base) {
        Map<String, String> names = new TreeMap<>(base == null ? Map.of() : base.names);
        List<String> wrong = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).strip();
            if (base != null && !base.names.containsKey(key)) {
                wrong.add(key + " is not a name the agent reads");
            } else if (!IDENTIFIER.matcher(value).matches()) {
                wrong.add(key + " = \"" + value + "\" is not an SQL identifier (letters, digits and _)");
            } else {
                names.put(key, value);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("the mapping " + source + ": " + String.join("; ", wrong));
        }
        return new Mapping(names);
    }

    /** The name of a role, such as {@code contract.amount}. */
    public String name(String role) {
        String name = names.get(role);
        if (name == null) {
            throw new IllegalArgumentException("the mapping names no " + role);
        }
        return name;
    }

    /** Every mapped column, by its table: what the start-up check looks for. */
    public Map<String, List<String>> columns() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String group : List.of("contract", "job", "fixed", "unit")) {
            String table = name(group + ".table");
            names.forEach((role, column) -> {
                if (role.startsWith(group + ".") && !role.endsWith(".table")) {
                    out.computeIfAbsent(table, t -> new ArrayList<>()).add(column);
                }
            });
        }
        return out;
    }
}
