package io.primesync.local.procore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.time.Instant;

/**
 * The body of one Procore webhook delivery, as Procore documents it: v2.0 carries ids only (the company, the project,
 * the resource and what happened to it, who made the change); v3.0 adds {@code related_resources}.
 */
public final class Deliveries {
    private Deliveries() {}

    /**
     * @param projectId the project the resource belongs to, or null (a company-level resource)
     * @param primeContractId the prime contract the resource belongs to, or null (v3.0's related resources)
     * @param applicationId the application whose API call made the change, or null (a person, in Procore)
     */
    public static ObjectNode body(String apiVersion, long companyId, Long projectId, String eventType,
            String resourceName, long resourceId, Long primeContractId, String applicationId, Instant at) {
        ObjectNode o = Json.object();
        o.put("id", 0);
        o.put("ulid", Ulid.next(at.toEpochMilli()));
        o.put("timestamp", at.toString());
        ObjectNode metadata = o.putObject("metadata");
        metadata.putNull("source_user_id");
        metadata.put("source_project_id", projectId);
        metadata.putNull("source_operation_id");
        metadata.put("source_company_id", companyId);
        metadata.put("source_application_id", applicationId);
        o.putNull("user_id");
        o.put("company_id", companyId);
        o.put("project_id", projectId);
        o.put("api_version", apiVersion);
        o.put("event_type", eventType);
        o.put("resource_name", resourceName);
        o.put("resource_id", resourceId);
        if ("v3.0".equals(apiVersion)) {
            ArrayNode related = o.putArray("related_resources");
            if (primeContractId != null) {
                related.addObject().put("name", "Prime Contracts").put("id", primeContractId);
            }
            if (projectId != null) {
                related.addObject().put("name", "Projects").put("id", projectId);
            }
        }
        return o;
    }
}
