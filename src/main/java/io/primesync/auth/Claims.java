package io.primesync.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a token's {@code sub} and {@code permissions} claims into a {@link Caller}, and back (for the
 * authorizer context). The permissions claim:
 * {@code {"companies": {"1001": {"erp_integrations": "admin"}}, "projects": {"2002": {"prime_contracts": "admin"}}}}.
 */
public final class Claims {
    public static final String SUB = "sub";
    public static final String PERMISSIONS = "permissions";
    public static final String COMPANIES = "companies";
    public static final String PROJECTS = "projects";
    /** The tools the product reads; a token's other tools are none of its business. */
    private static final Set<String> TOOLS = Set.of(Caller.ERP_INTEGRATIONS, Caller.PRIME_CONTRACTS);
    private static final int MAX_SUB_LENGTH = 256;

    private Claims() {}

    public static Caller toCaller(JWTClaimsSet claims) {
        return toCaller(claims.getSubject(), claims.getClaim(PERMISSIONS));
    }

    /**
     * @param permissions the claim as parsed JSON (nested maps), or null when the token grants nothing
     * @throws ApiException UNAUTHORIZED when {@code sub} is missing or the permissions are not the expected shape
     */
    public static Caller toCaller(String sub, Object permissions) {
        if (!validSub(sub)) {
            throw ApiException.unauthorized("The token has no valid subject");
        }
        if (permissions == null) {
            return new Caller(sub, Map.of(), Map.of());
        }
        Map<?, ?> root = asMap(permissions);
        return new Caller(sub, levels(root.get(COMPANIES)), levels(root.get(PROJECTS)));
    }

    /** The permissions claim for a caller, as nested maps; levels that grant nothing are left out. */
    public static Map<String, Object> toClaim(Caller caller) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put(COMPANIES, wire(caller.companies()));
        claim.put(PROJECTS, wire(caller.projects()));
        return claim;
    }

    private static Map<String, Map<String, Level>> levels(Object scopes) {
        if (scopes == null) {
            return Map.of();
        }
        Map<String, Map<String, Level>> byId = new LinkedHashMap<>();
        for (Map.Entry<?, ?> scope : asMap(scopes).entrySet()) {
            Map<String, Level> tools = new LinkedHashMap<>();
            for (Map.Entry<?, ?> tool : asMap(scope.getValue()).entrySet()) {
                if (!(tool.getKey() instanceof String name) || !(tool.getValue() instanceof String level)) {
                    throw malformed();
                }
                if (TOOLS.contains(name)) {
                    tools.put(name, Level.fromWire(level));
                }
            }
            if (!(scope.getKey() instanceof String id)) {
                throw malformed();
            }
            byId.put(id, Map.copyOf(tools));
        }
        return byId;
    }

    /** Sorted by id and tool, so the same caller always makes the same claim. */
    private static Map<String, Map<String, String>> wire(Map<String, Map<String, Level>> scopes) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        scopes.forEach((id, tools) -> {
            Map<String, String> granted = new TreeMap<>();
            tools.forEach((tool, level) -> {
                if (level != Level.NONE) {
                    granted.put(tool, level.wire());
                }
            });
            if (!granted.isEmpty()) {
                out.put(id, granted);
            }
        });
        return out;
    }

    private static Map<?, ?> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw malformed();
    }

    private static boolean validSub(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUB_LENGTH) {
            return false;
        }
        return sub.chars().noneMatch(Character::isISOControl);
    }

    private static ApiException malformed() {
        return ApiException.unauthorized("The token has malformed permissions");
    }
}
