package io.primesync.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.domain.Money;
import io.primesync.domain.Overwrites;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.Sync;
import io.primesync.json.Json;
import io.primesync.service.ContractService;
import io.primesync.store.ContractHead;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of docs/http-api.md ("User routes"; openapi.json is their machine-readable form), written field
 * by field so the wire format is visible in one place.
 */
final class Views {
    private Views() {}

    static ObjectNode summary(ContractService.Summary s) {
        ContractHead h = s.head();
        ObjectNode o = Json.object();
        o.put("contractId", h.contractId());
        o.put("jobNumber", h.jobNumber());
        o.put("title", h.title());
        o.put("erpStatus", h.deleted() ? "deleted" : h.status() == null ? "unapproved" : h.status().wire());
        ArrayNode projects = o.putArray("projectIds");
        s.projectIds().forEach(projects::add);
        o.put("jobProjectId", s.jobProjectId());
        o.set("projects", projects(s.projects()));
        o.put("erpVersion", h.erpVersion());
        if (h.syncedErpVersion() == null) {
            o.putNull("syncedErpVersion");
        } else {
            o.put("syncedErpVersion", h.syncedErpVersion());
        }
        o.put("lastSyncedAt", h.lastSyncedAt() == null ? null : h.lastSyncedAt().toString());
        o.put("procorePrimeContractId", h.procorePrimeContractId());
        o.put("contractAmount", money(h.procoreAmount()));
        o.put("erpContractAmount", money(h.erpAmount()));
        ObjectNode pending = o.putObject("pendingChanges");
        pending.put("added", h.pending().added());
        pending.put("changed", h.pending().changed());
        pending.put("removed", h.pending().removed());
        o.put("procoreLinesChanged", h.procoreDriftLines());
        ObjectNode reimport = o.putObject("reimport");
        reimport.put("enabled", s.reimportReasons().isEmpty());
        reimport.set("reasons", reasons(s.reimportReasons()));
        ObjectNode firstImport = o.putObject("import");
        firstImport.put("enabled", s.importReasons().isEmpty());
        firstImport.set("reasons", reasons(s.importReasons()));
        if (h.lastSync() == null) {
            o.putNull("lastSync");
        } else {
            o.set("lastSync", sync(h.lastSync()));
        }
        return o;
    }

    static ObjectNode evaluation(ContractService.Evaluation e) {
        ContractHead h = e.detail().head();
        ContractDiff d = e.diff();
        ObjectNode o = Json.object();
        o.put("contractId", h.contractId());
        o.put("eligible", e.reasons().isEmpty());
        o.set("reasons", reasons(e.reasons()));
        o.put("erpVersion", h.erpVersion());
        if (h.syncedErpVersion() == null) {
            o.putNull("syncedErpVersion");
        } else {
            o.put("syncedErpVersion", h.syncedErpVersion());
        }
        o.put("procoreLinesChanged", h.procoreDriftLines());
        o.set("projects", projects(e.projects()));
        ObjectNode preview = o.putObject("preview");
        preview.put("currentAmount", money(d.currentAmount()));
        preview.put("newAmount", money(d.newAmount()));
        ObjectNode counts = preview.putObject("counts");
        counts.put("added", d.counts().added());
        counts.put("changed", d.counts().changed());
        counts.put("removed", d.counts().removed());
        // the lines themselves, as many as fit: a preview of thousands of long lines would pass the 6 MB Lambda
        // allows an answer, and that contract's preview would always fail. The counts and amounts stay whole.
        PreviewBudget budget = new PreviewBudget();
        ArrayNode added = preview.putArray("added");
        d.added().stream().map(l -> inProcore(lineItem(l), d.procoreEdit(l.itemCode()))).takeWhile(budget::fits)
                .forEach(added::add);
        ArrayNode changed = preview.putArray("changed");
        d.changed().stream().map(c -> {
            ObjectNode change = Json.object();
            change.put("itemCode", c.itemCode());
            change.set("before", lineItem(c.before()));
            change.set("after", lineItem(c.after()));
            return inProcore(change, d.procoreEdit(c.itemCode()));
        }).takeWhile(budget::fits).forEach(changed::add);
        ArrayNode removed = preview.putArray("removed");
        // where Procore's always editable schedule of values takes no delete, the lines removed are what refuses it
        boolean deletesRefused = e.reasons().stream().anyMatch(Views::refusesDeletes);
        d.removed().stream().map(l -> refused(inProcore(lineItem(l), d.procoreEdit(l.itemCode())), deletesRefused))
                .takeWhile(budget::fits).forEach(removed::add);
        d.addedInProcore().stream().map(edit -> refused(inProcore(lineItem(edit.found()), edit), deletesRefused))
                .takeWhile(budget::fits).forEach(removed::add);
        preview.put("truncated", budget.spent);
        // Procore's changed lines beyond those kept of the last read: counted in procoreLinesChanged, not shown here
        preview.put("procoreLinesNotShown", h.procoreLines().notListed());
        return o;
    }

    private static boolean refusesDeletes(Reason r) {
        return r.code() == ReasonCode.PROCORE_SOV_LOCKED && r.details() instanceof Map<?, ?> details
                && Boolean.TRUE.equals(details.get("alwaysEditable"));
    }

    /** A line the re-import is refused for, marked with the reason's code. */
    private static ObjectNode refused(ObjectNode entry, boolean refused) {
        if (refused) {
            entry.put("refusedBy", ReasonCode.PROCORE_SOV_LOCKED.name());
        }
        return entry;
    }

    /**
     * A preview entry whose before is Procore's own, not what was synced: {@code procore} says what people did to the
     * line in Procore (changed, deleted, added) and when, where Procore says.
     */
    private static ObjectNode inProcore(ObjectNode entry, ProcoreLines.Edit edit) {
        if (edit != null) {
            ObjectNode procore = entry.putObject("procore");
            procore.put("change", edit.kind().wire());
            procore.put("changedAt", edit.changedAt() == null ? null : edit.changedAt().toString());
        }
        return entry;
    }

    /**
     * The bytes of preview lines one answer carries: even escaped again inside the proxy response's body string (at
     * worst twice as long) the answer stays under Lambda's 6 MB. Once a line does not fit, none after it is taken.
     */
    static final int PREVIEW_MAX_BYTES = 2 * 1024 * 1024;

    private static final class PreviewBudget {
        private long used;
        private boolean spent;

        boolean fits(JsonNode line) {
            if (!spent) {
                used += Json.write(line).getBytes(StandardCharsets.UTF_8).length;
                spent = used > PREVIEW_MAX_BYTES;
            }
            return !spent;
        }
    }

    /** A sync: status and progress while it is written, the audit record for good once it has ended. */
    static ObjectNode sync(Sync r) {
        ObjectNode o = Json.object();
        o.put("syncId", r.syncId());
        o.put("kind", r.kind().wire());
        o.put("contractId", r.contractId());
        o.put("projectId", r.projectId());
        o.put("procorePrimeContractId", r.procorePrimeContractId());
        o.put("erpVersion", r.erpVersion());
        o.put("status", r.status().wire());
        ObjectNode progress = o.putObject("progress");
        progress.put("linesWritten", r.linesWritten());
        progress.put("linesTotal", r.linesTotal());
        o.put("previousAmount", money(r.previousAmount()));
        o.put("newAmount", money(r.newAmount()));
        o.put("added", r.added());
        o.put("changed", r.changed());
        o.put("removed", r.removed());
        o.put("requestedAt", r.requestedAt().toString());
        o.put("requestedBy", r.requestedBy());
        o.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        if (r.error() == null) {
            o.putNull("error");
        } else {
            o.putObject("error").put("code", r.error().code()).put("message", r.error().message());
        }
        o.set("overwrites", overwrites(r.overwrites()));
        return o;
    }

    /** What a sync found changed in Procore and wrote over; null before its write has looked (and for an import). */
    private static JsonNode overwrites(Overwrites found) {
        if (found == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode o = Json.object();
        o.put("total", found.total());
        o.put("notAsPreviewed", found.notAsPreviewed());
        ArrayNode lines = o.putArray("lines");
        for (Overwrites.Overwrite w : found.lines()) {
            ObjectNode line = lines.addObject();
            line.put("change", w.kind().wire());
            line.put("itemCode", w.itemCode());
            line.put("description", w.description());
            line.put("found", w.found() == null ? null : money(w.found()));
            line.put("written", w.written() == null ? null : money(w.written()));
            line.put("changedAt", w.changedAt() == null ? null : w.changedAt().toString());
            line.put("previewed", w.previewed());
        }
        return o;
    }

    static ObjectNode lineItem(LineItem line) {
        ObjectNode o = Json.object();
        o.put("itemCode", line.itemCode());
        o.put("description", line.description());
        o.put("amount", money(line.amount()));
        if (line.quantity() != null) {
            o.put("quantity", line.quantity().toPlainString());
        }
        if (line.unitOfMeasure() != null) {
            o.put("unitOfMeasure", line.unitOfMeasure());
        }
        if (line.unitPrice() != null) {
            o.put("unitPrice", line.unitPrice().toPlainString());
        }
        return o;
    }

    /** The projects a contract names, as people know them in Procore: id, name and number (null until read). */
    static ArrayNode projects(List<ProjectName> projects) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ProjectName p : projects) {
            array.addObject().put("id", p.id()).put("name", p.name()).put("number", p.number());
        }
        return array;
    }

    static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Reason reason : reasons) {
            ObjectNode r = array.addObject();
            r.put("code", reason.code().name());
            r.put("message", reason.message());
            if (reason.details() != null) {
                r.set("details", Json.MAPPER.valueToTree(reason.details()));
            }
        }
        return array;
    }

    static String money(BigDecimal amount) {
        return amount == null ? null : Money.format(Money.cents(amount));
    }
}
