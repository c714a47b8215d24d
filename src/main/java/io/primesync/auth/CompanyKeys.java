package io.primesync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.domain.Ids;
import io.primesync.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook source's secrets by company: a company's events are checked with its own secrets only, so a secret of
 * one company never vouches for another's. Several secrets of a company, newest first, live side by side during a
 * rotation.
 *
 * <p>Written as a JSON object, company id to a secret or a list of them ({@code {"1001": ["new", "old"], "1002":
 * "s"}}), or as lines of {@code COMPANY=SECRET}. The key {@code *} (or a line without a company) is a secret for any
 * company: local runs use one so that the demo and the tests need no set-up; {@link WebhookSecrets} refuses it
 * wherever the product is deployed.
 */
public final class CompanyKeys {
    /** The key of a secret for any company. */
    public static final String ANY_COMPANY = "*";
    static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, List<String>> byCompany;
    private final List<String> anyCompany;

    private CompanyKeys(Map<String, List<String>> byCompany, List<String> anyCompany) {
        this.byCompany = byCompany;
        this.anyCompany = anyCompany;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the value (never quoting a secret)
     */
    public static CompanyKeys parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("it holds no secret");
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        if (value.strip().startsWith("{")) {
            JsonNode json;
            try {
                json = Json.read(value.strip().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("it starts like a JSON object but is not one");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode secrets = e.getValue();
                if (secrets.isTextual()) {
                    add(keys, e.getKey(), secrets.textValue());
                } else if (secrets.isArray() && !secrets.isEmpty()) {
                    secrets.forEach(s -> add(keys, e.getKey(), s.isTextual() ? s.textValue() : null));
                } else {
                    throw new IllegalArgumentException("the secrets of company " + e.getKey()
                            + " are not a string or a list of strings");
                }
            }
        } else {
            for (String line : value.split("\\R")) {
                String entry = line.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                boolean scoped = eq > 0 && Ids.matches(Ids.Kind.COMPANY_ID, entry.substring(0, eq).strip());
                add(keys, scoped ? entry.substring(0, eq).strip() : ANY_COMPANY, scoped ? entry.substring(eq + 1) : entry);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("it holds no secret");
        }
        List<String> any = keys.remove(ANY_COMPANY);
        return new CompanyKeys(Map.copyOf(keys), any == null ? List.of() : List.copyOf(any));
    }

    private static void add(Map<String, List<String>> keys, String company, String secret) {
        if (!company.equals(ANY_COMPANY) && !Ids.matches(Ids.Kind.COMPANY_ID, company)) {
            throw new IllegalArgumentException("\"" + shown(company) + "\" is not a company id (1 to 20 digits) nor "
                    + ANY_COMPANY);
        }
        String s = secret == null ? "" : secret.strip();
        if (s.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a secret of " + (company.equals(ANY_COMPANY) ? "any company"
                    : "company " + company) + " is shorter than " + MIN_SECRET_LENGTH + " characters");
        }
        keys.computeIfAbsent(company, c -> new ArrayList<>()).add(s);
    }

    private static String shown(String key) {
        String printable = key.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 24 ? printable.substring(0, 24) + "…" : printable;
    }

    /** Whether a secret stands for any company (allowed in local runs only). */
    public boolean hasAnyCompany() {
        return !anyCompany.isEmpty();
    }

    /** The secrets that vouch for the company: its own, then any company's; empty when none does. */
    public List<byte[]> of(String companyId) {
        List<byte[]> out = new ArrayList<>();
        if (companyId != null) {
            byCompany.getOrDefault(companyId, List.of()).forEach(s -> out.add(bytes(s)));
        }
        anyCompany.forEach(s -> out.add(bytes(s)));
        return out;
    }

    /** Every secret of every company: whether a request carries one at all is checked before its body is read. */
    public List<byte[]> all() {
        List<byte[]> out = new ArrayList<>();
        byCompany.values().forEach(list -> list.forEach(s -> out.add(bytes(s))));
        anyCompany.forEach(s -> out.add(bytes(s)));
        return out;
    }

    /** The secret a sender for the company uses now: the newest of its own, else any company's. */
    public Optional<String> newest(String companyId) {
        List<String> own = byCompany.get(companyId);
        return own != null ? Optional.of(own.get(0)) : anyCompany.stream().findFirst();
    }

    /** The companies with secrets of their own. */
    public List<String> companies() {
        return byCompany.keySet().stream().sorted().toList();
    }

    private static byte[] bytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
