package io.primesync.procore;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Procore's answers read as success or as a {@link ProcoreException.Refused} that says in words what to fix. */
final class ProcoreAnswers {
    private static final int MAX_SHOWN = 300;

    private ProcoreAnswers() {
    }

    /** A 2xx, or a refusal in words. */
    static void expectOk(ProcoreHttp.Answer a, String what, String projectId) {
        if (a.status() >= 200 && a.status() < 300) {
            return;
        }
        String where = projectId == null ? "" : " in project " + projectId;
        String said = said(a);
        switch (a.status()) {
            case 401 -> throw new ProcoreException.Refused(401, "PROCORE_CREDENTIALS_REFUSED",
                    "Procore refused the service account's token when asked to " + what + where + ". Check that the"
                            + " service account is still installed in the company and its credentials are current.");
            case 403 -> throw new ProcoreException.Refused(403, "PROCORE_PERMISSION_DENIED",
                    "The service account may not " + what + where + ". In Procore, give it Admin on the Prime"
                            + " Contracts tool" + where + said);
            case 404 -> throw new ProcoreException.Refused(404, "PROCORE_NOT_FOUND",
                    "Procore has no such record: it could not " + what + where + " (it may have been deleted there)" + said);
            case 413 -> throw new ProcoreException.Refused(413, "PROCORE_TOO_LARGE",
                    "Procore found the request to " + what + " too large; lower " + ProcoreConfig.SYNC_BATCH_SIZE + said);
            default -> throw new ProcoreException.Refused(a.status(), "PROCORE_REFUSED",
                    "Procore refused to " + what + where + " (" + a.status() + ")" + said);
        }
    }

    /** What Procore said, cut short and stripped of anything that is not plain text; empty when it said nothing. */
    static String said(ProcoreHttp.Answer a) {
        try {
            JsonNode json = a.json();
            String reasons = reasons(json.has("errors") ? json.get("errors") : json.has("error") ? json.get("error")
                    : json.path("message"));
            return reasons.isEmpty() ? "." : ": " + reasons + ".";
        } catch (Json.MalformedJsonException | IllegalArgumentException e) {
            return ".";
        }
    }

    /** Procore's reasons, which come as a string, a list, or a map of field to messages, as one sentence. */
    static String reasons(JsonNode errors) {
        List<String> parts = new ArrayList<>();
        if (errors == null || errors.isMissingNode() || errors.isNull()) {
            return "";
        }
        if (errors.isTextual()) {
            parts.add(errors.asText());
        } else if (errors.isArray()) {
            errors.forEach(e -> parts.add(e.isTextual() ? e.asText() : e.toString()));
        } else if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String messages = reasons(e.getValue());
                parts.add(e.getKey() + " " + messages);
            }
        }
        String text = String.join("; ", parts).replaceAll("[\\p{Cntrl}]", " ").strip();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }
}
