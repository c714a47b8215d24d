package io.primesync.domain;

import java.util.Map;

/**
 * The authenticated user and what the token grants: levels per company tool and per project tool.
 * Tools are keyed by their claim names, e.g. {@code erp_integrations} and {@code prime_contracts}.
 */
public record Caller(String userId, Map<String, Map<String, Level>> companies, Map<String, Map<String, Level>> projects) {
    public static final String ERP_INTEGRATIONS = "erp_integrations";
    public static final String PRIME_CONTRACTS = "prime_contracts";

    public Caller {
        companies = Map.copyOf(companies);
        projects = Map.copyOf(projects);
    }

    public Level companyLevel(String companyId, String tool) {
        return companies.getOrDefault(companyId, Map.of()).getOrDefault(tool, Level.NONE);
    }

    public Level projectLevel(String projectId, String tool) {
        if (projectId == null) {
            return Level.NONE;
        }
        return projects.getOrDefault(projectId, Map.of()).getOrDefault(tool, Level.NONE);
    }

    public boolean canRead(String companyId) {
        return companyLevel(companyId, ERP_INTEGRATIONS).atLeast(Level.READ_ONLY);
    }
}
