package io.primesync.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Ids;
import io.primesync.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** The body of a queue message that asks for one sync to be written: where the sync is, nothing more. */
public record SyncMessage(String companyId, String contractId, String syncId, long revision) {
    private static final Pattern SYNC_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    public String json() {
        ObjectNode o = Json.object();
        o.put("companyId", companyId);
        o.put("contractId", contractId);
        o.put("syncId", syncId);
        o.put("revision", revision);
        return Json.write(o);
    }

    /** The message a body holds, or empty when it is not one (it is then set aside, never retried forever). */
    public static Optional<SyncMessage> parse(String body) {
        if (body == null || body.length() > 4096) {
            return Optional.empty();
        }
        try {
            JsonNode j = Json.read(body.getBytes(StandardCharsets.UTF_8));
            String company = j.path("companyId").asText(null);
            String contract = j.path("contractId").asText(null);
            String sync = j.path("syncId").asText(null);
            JsonNode revision = j.path("revision");
            if (!Ids.matches(Ids.Kind.COMPANY_ID, company) || !Ids.matches(Ids.Kind.CONTRACT_ID, contract)
                    || sync == null || !SYNC_ID.matcher(sync).matches() || !revision.canConvertToLong()
                    || revision.asLong() < 1) {
                return Optional.empty();
            }
            return Optional.of(new SyncMessage(company, contract, sync, revision.asLong()));
        } catch (Json.MalformedJsonException e) {
            return Optional.empty();
        }
    }
}
