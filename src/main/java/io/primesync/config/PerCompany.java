package io.primesync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A setting each company may choose for itself: one value for all ({@code unlock}), or a JSON object of company id to
 * value with {@code *} for the others ({@code {"*": "unlock", "1002": "refuse"}}); a key {@code company/project}
 * narrows a company's choice to one of its projects ({@code "1001/2013": "refuse"}). Only the values the setting knows
 * are taken; anything else stops the function at start with a message, never silently falls back.
 */
public final class PerCompany {
    private final String fallback;
    private final Map<String, String> byCompany;

    private PerCompany(String fallback, Map<String, String> byCompany) {
        this.fallback = fallback;
        this.byCompany = Map.copyOf(byCompany);
    }

    /** The same value for every company. */
    public static PerCompany of(String value) {
        return new PerCompany(value, Map.of());
    }

    /**
     * @param otherwise the value for every company when the variable is unset
     * @param allowed the values the setting takes (the first letter's case aside)
     * @throws IllegalStateException naming the variable and what is wrong with it
     */
    public static PerCompany read(Settings settings, String name, String otherwise, List<String> allowed) {
        String raw = settings.optional(name);
        if (raw == null) {
            return of(otherwise);
        }
        if (!raw.strip().startsWith("{")) {
            return of(allowedValue(name, raw.strip(), allowed));
        }
        JsonNode json = settings.jsonObject(name);
        String fallback = otherwise;
        Map<String, String> byCompany = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = allowedValue(name, e.getValue().asText(), allowed);
            if (e.getKey().equals("*")) {
                fallback = value;
            } else if (e.getKey().matches("[0-9]{1,20}(/[0-9]{1,20})?")) {
                byCompany.put(e.getKey(), value);
            } else {
                throw new IllegalStateException(name + ": \"" + e.getKey()
                        + "\" is none of a company id, company/project or *");
            }
        }
        return new PerCompany(fallback, byCompany);
    }

    public String forCompany(String companyId) {
        return byCompany.getOrDefault(companyId, fallback);
    }

    /** The company's choice for one of its projects: the project's own, else the company's. */
    public String forProject(String companyId, String projectId) {
        String own = projectId == null ? null : byCompany.get(companyId + "/" + projectId);
        return own != null ? own : forCompany(companyId);
    }

    private static String allowedValue(String name, String value, List<String> allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new IllegalStateException(name + " takes " + String.join(", ", allowed) + ", not " + value);
    }
}
