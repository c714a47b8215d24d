package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The simulator's control surface under {@code /_simulator/}, which is not Procore's: for demos, tests and benchmarks
 * only, JSON bodies and no OAuth. Companies, faults, rate limits, list and sync limits, webhook delivery settings,
 * token expiry and the request log.
 */
final class SimControl {
    private static final Pattern COMPANY = Pattern.compile("^/companies/([0-9]{1,18})$");
    private static final Pattern PROJECT_SETTINGS = Pattern.compile("^/projects/([0-9]{1,18})/settings$");
    private static final Pattern UNITS = Pattern.compile("^/companies/([0-9]{1,18})/units$");
    private static final Pattern BILLED = Pattern.compile("^/prime-contracts/([0-9]{1,18})/billed$");
    private static final Pattern PROJECT_GRANT = Pattern.compile("^/projects/([0-9]{1,18})/grant$");
    private static final Pattern CONTRACT_GRANT = Pattern.compile("^/prime-contracts/([0-9]{1,18})/grant$");
    private static final Pattern PACKAGES = Pattern.compile("^/projects/([0-9]{1,18})/change-order-packages$");
    private static final Pattern PACKAGE = Pattern.compile("^/change-order-packages/([0-9]{1,18})$");

    private final SimState state;
    private final SimFaults faults;
    private final SimRates rates;
    private final SimPages pages;
    private final SimLineItems lineItems;
    private final SimHooks hooks;
    private final SimOAuth oauth;
    private final SimRequestLog log;

    SimControl(SimState state, SimFaults faults, SimRates rates, SimPages pages, SimLineItems lineItems,
            SimHooks hooks, SimOAuth oauth, SimRequestLog log) {
        this.state = state;
        this.faults = faults;
        this.rates = rates;
        this.pages = pages;
        this.lineItems = lineItems;
        this.hooks = hooks;
        this.oauth = oauth;
        this.log = log;
    }

    /** @param path the path after {@code /_simulator} */
    Reply handle(LocalHttp.Request r, String path, Map<String, String> query) {
        JsonNode body = SimFields.body(r.body());
        String call = r.method() + " " + path;
        Matcher company = COMPANY.matcher(path);
        if (company.matches() && r.method().equals("POST")) {
            return company(Long.parseLong(company.group(1)));
        }
        Matcher project = PROJECT_SETTINGS.matcher(path);
        if (project.matches() && r.method().equals("PUT")) {
            return projectSettings(Long.parseLong(project.group(1)), body);
        }
        Matcher units = UNITS.matcher(path);
        if (units.matches() && r.method().equals("PUT")) {
            return units(Long.parseLong(units.group(1)), body);
        }
        Matcher billed = BILLED.matcher(path);
        if (billed.matches() && r.method().equals("PUT")) {
            return billed(Long.parseLong(billed.group(1)), body);
        }
        Matcher grant = PROJECT_GRANT.matcher(path);
        if (grant.matches() && r.method().equals("PUT")) {
            return grant(Long.parseLong(grant.group(1)), null, body);
        }
        if (grant.matches() && r.method().equals("GET")) {
            return granted(Long.parseLong(grant.group(1)));
        }
        grant = CONTRACT_GRANT.matcher(path);
        if (grant.matches() && r.method().equals("PUT")) {
            return grant(null, Long.parseLong(grant.group(1)), body);
        }
        Matcher packages = PACKAGES.matcher(path);
        if (packages.matches() && r.method().equals("POST")) {
            return newPackage(Long.parseLong(packages.group(1)), body);
        }
        Matcher pkg = PACKAGE.matcher(path);
        if (pkg.matches() && r.method().equals("PATCH")) {
            return packageStatus(Long.parseLong(pkg.group(1)), body);
        }
        return switch (call) {
            case "POST /faults" -> addFault(body);
            case "GET /faults" -> Reply.json(200, "{\"pending\":" + faults.pending() + "}");
            case "DELETE /faults" -> {
                faults.clear();
                yield Reply.json(200, "{}");
            }
            case "PUT /rate-limits" -> rateLimits(body);
            case "PUT /limits" -> {
                pages.perPageMax(body.path("perPageMax").asInt(pages.perPageMax()));
                lineItems.syncMaxRecords(body.path("syncMaxRecords").asInt(lineItems.syncMaxRecords()));
                if (body.has("pageCaps")) {
                    // a cap per list route ("GET /projects": 7); {} clears them
                    Map<String, Integer> caps = new LinkedHashMap<>();
                    body.path("pageCaps").fields().forEachRemaining(e -> caps.put(e.getKey(), Math.max(1, e.getValue().asInt(1))));
                    pages.caps(caps);
                }
                ObjectNode out = Json.object()
                        .put("perPageMax", pages.perPageMax()).put("syncMaxRecords", lineItems.syncMaxRecords());
                ObjectNode capsOut = out.putObject("pageCaps");
                pages.caps().forEach(capsOut::put);
                yield SimReplies.json(200, out);
            }
            case "PUT /settings" -> {
                synchronized (state) {
                    if (body.has("readsAcrossCompanies")) {
                        state.readsAcrossCompanies = body.path("readsAcrossCompanies").asBoolean();
                    }
                    if (body.has("backToDraft")) {
                        state.backToDraft = body.path("backToDraft").asBoolean();
                    }
                    if (body.has("showsDeletedPrimeContracts")) {
                        state.showsDeletedPrimeContracts = body.path("showsDeletedPrimeContracts").asBoolean();
                    }
                    yield Reply.json(200, "{\"readsAcrossCompanies\":" + state.readsAcrossCompanies
                            + ",\"backToDraft\":" + state.backToDraft + ",\"showsDeletedPrimeContracts\":"
                            + state.showsDeletedPrimeContracts + "}");
                }
            }
            case "PUT /webhooks" -> SimReplies.json(200, hooks.configure(body));
            case "GET /webhooks" -> SimReplies.json(200, hooks.settings());
            case "DELETE /tokens" -> {
                oauth.expireAll();
                yield Reply.json(200, "{}");
            }
            case "GET /requests" -> SimReplies.json(200, log.json(query.get("company_id")));
            case "DELETE /requests" -> {
                log.clear();
                yield Reply.json(200, "{}");
            }
            default -> SimReplies.notFound();
        };
    }

    /** A project's settings in the Prime Contracts and Change Orders tools: always editable SOV, change order tiers. */
    private Reply projectSettings(long id, JsonNode body) {
        synchronized (state) {
            Company holder = state.holderOf(id);
            if (holder == null) {
                return SimReplies.notFound();
            }
            SimState.Project p = holder.projects.get(id);
            int tiers = body.path("changeOrderTiers").asInt(p.changeOrderTiers);
            if (tiers < 1 || tiers > 3) {
                return invalid(Map.of("changeOrderTiers", "must be 1, 2 or 3"));
            }
            p.alwaysEditableSov = body.path("alwaysEditableSov").asBoolean(p.alwaysEditableSov);
            p.changeOrderTiers = tiers;
            state.save();
            return Reply.json(200, "{\"alwaysEditableSov\":" + p.alwaysEditableSov + ",\"changeOrderTiers\":" + tiers + "}");
        }
    }

    /**
     * The service account's grant of a project or a prime contract ({@code {"visible": false, "status": 404}}): when not
     * visible, Procore answers it {@code status} (403 or 404) for the thing and everything in it, and leaves it out of
     * its lists.
     */
    private Reply grant(Long projectId, Long primeContractId, JsonNode body) {
        boolean visible = body.path("visible").asBoolean(true);
        int status = body.path("status").asInt(404);
        if (status != 403 && status != 404) {
            return invalid(Map.of("status", "must be 403 or 404"));
        }
        synchronized (state) {
            for (Company c : state.companies.values()) {
                if (projectId != null && c.projects.containsKey(projectId)) {
                    c.projects.get(projectId).hidden = visible ? null : status;
                } else if (primeContractId != null && c.primeContracts.containsKey(primeContractId)) {
                    c.primeContracts.get(primeContractId).hidden = visible ? null : status;
                } else {
                    continue;
                }
                state.save();
                return SimReplies.json(200, Json.object().put("visible", visible).put("status", visible ? 200 : status));
            }
            return SimReplies.notFound();
        }
    }

    /** Whether the service account sees the project: {@code {"visible", "status"}}. */
    private Reply granted(long projectId) {
        synchronized (state) {
            Company c = state.holderOf(projectId);
            if (c == null) {
                return SimReplies.notFound();
            }
            Integer hidden = c.projects.get(projectId).hidden;
            return SimReplies.json(200, Json.object().put("visible", hidden == null).put("status", hidden == null ? 200
                    : hidden));
        }
    }

    /**
     * A change order package people make on a project ({@code {"contract_id", "status", "title"}}), as on a 3-tier
     * project where packages are where change orders are approved; delivered to the hooks as Procore would.
     */
    private Reply newPackage(long projectId, JsonNode body) {
        synchronized (state) {
            Company c = state.holderOf(projectId);
            if (c == null) {
                return SimReplies.notFound();
            }
            SimState.PrimeContract pc = c.primeContracts.get(body.path("contract_id").asLong(-1));
            String status = body.path("status").asText("draft");
            if (pc == null || pc.projectId != projectId) {
                return invalid(Map.of("contract_id", "must be a prime contract of the project"));
            }
            if (!SimChangeOrders.STATUSES.contains(status)) {
                return invalid(Map.of("status", "is not included in the list"));
            }
            SimState.ChangeOrderPackage pkg = SimChangeOrders.newPackage(state, c, projectId, pc.id,
                    SimFields.text(body, "title"), status, java.time.Instant.now().truncatedTo(
                            java.time.temporal.ChronoUnit.SECONDS).toString());
            state.save();
            hooks.changed(c, List.of(new SimHooks.Change(SimChangeOrders.RESOURCE, "create", pkg.id, projectId, pc.id)),
                    null);
            return SimReplies.json(201, SimChangeOrders.json(pkg));
        }
    }

    /** People move a change order package to another status ({@code {"status"}}). */
    private Reply packageStatus(long id, JsonNode body) {
        synchronized (state) {
            for (Company c : state.companies.values()) {
                SimState.ChangeOrderPackage pkg = c.packages.get(id);
                if (pkg == null) {
                    continue;
                }
                String status = body.path("status").asText(pkg.status);
                if (!SimChangeOrders.STATUSES.contains(status)) {
                    return invalid(Map.of("status", "is not included in the list"));
                }
                pkg.status = status;
                pkg.updatedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                state.save();
                hooks.changed(c, List.of(new SimHooks.Change(SimChangeOrders.RESOURCE, "update", pkg.id, pkg.projectId,
                        pkg.contractId)), null);
                return SimReplies.json(200, SimChangeOrders.json(pkg));
            }
            return SimReplies.notFound();
        }
    }

    /** What owner invoices billed of a prime contract's lines, by line origin id: the floor of an always editable SOV. */
    private Reply billed(long id, JsonNode body) {
        synchronized (state) {
            SimState.PrimeContract pc = null;
            for (Company c : state.companies.values()) {
                pc = pc != null ? pc : c.primeContracts.get(id);
            }
            if (pc == null) {
                return SimReplies.notFound();
            }
            Map<String, String> billed = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                BigDecimal amount = SimFields.decimal(e.getValue());
                if (amount == null) {
                    return invalid(Map.of(e.getKey(), "is not an amount"));
                }
                billed.put(e.getKey(), amount.toPlainString());
            }
            pc.billed = billed;
            state.save();
            return Reply.json(200, "{}");
        }
    }

    /** Creates a company (201), or finds it there (200). */
    private Reply company(long id) {
        synchronized (state) {
            boolean created = !state.companies.containsKey(id);
            state.companies.computeIfAbsent(id, k -> {
                Company c = new Company();
                c.id = k;
                return c;
            });
            state.save();
            return Reply.json(created ? 201 : 200, "{\"id\":" + id + "}");
        }
    }

    /** The company's units of measure, as its Company Admin lists them: a JSON array of unit names. */
    private Reply units(long id, JsonNode body) {
        if (!body.isArray() || body.isEmpty()) {
            return invalid(Map.of("units", "must be a non-empty array of unit names"));
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : body) {
            if (!n.isTextual() || n.asText().isBlank()) {
                return invalid(Map.of("units", "must hold unit names (strings)"));
            }
            names.add(n.asText());
        }
        synchronized (state) {
            Company c = state.companies.get(id);
            if (c == null) {
                return SimReplies.notFound();
            }
            c.units = names;
            state.save();
            return SimReplies.json(200, Json.MAPPER.valueToTree(names));
        }
    }

    private Reply addFault(JsonNode body) {
        Pattern regex;
        try {
            regex = Pattern.compile(body.path("path").asText(".*"));
        } catch (PatternSyntaxException e) {
            return invalid(Map.of("path", "is not a regular expression"));
        }
        String drop = SimFields.text(body, "drop");
        if (drop != null && !drop.equals("before") && !drop.equals("after")) {
            return invalid(Map.of("drop", "must be null, \"before\" or \"after\""));
        }
        faults.add(new SimFaults.Fault(SimFields.text(body, "companyId"), SimFields.text(body, "method"), regex,
                body.path("status").asInt(0), body.path("delayMs").asLong(0), drop,
                new int[] {Math.max(1, body.path("count").asInt(1))}, Math.max(0, body.path("recordErrors").asInt(0)),
                Math.max(1, body.path("resetSeconds").asLong(2)), new int[] {Math.max(0, body.path("skip").asInt(0))},
                Math.max(0, body.path("retryAfter").asLong(0))));
        return Reply.json(201, "{}");
    }

    /** Limits for every company (which resets every window), or for one ({@code companyId}). */
    private Reply rateLimits(JsonNode body) {
        String only = SimFields.text(body, "companyId");
        int hourly = body.path("hourly").asInt(rates.hourlyLimit());
        int spike = body.path("spike").asInt(rates.spikeLimit());
        if (hourly < 1 || spike < 1 || only != null && !only.matches("[0-9]{1,18}")) {
            return invalid(Map.of("limits", "hourly and spike must be positive; companyId, when given, a company id"));
        }
        if (only == null) {
            rates.limits(hourly, spike);
            rates.reset();
        } else {
            rates.limits(only, hourly, spike);
        }
        return Reply.json(200, "{\"hourly\":" + hourly + ",\"spike\":" + spike + "}");
    }
}
