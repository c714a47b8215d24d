package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
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
                yield Reply.json(200, "{\"perPageMax\":" + pages.perPageMax() + ",\"syncMaxRecords\":"
                        + lineItems.syncMaxRecords() + "}");
            }
            case "PUT /settings" -> {
                synchronized (state) {
                    if (body.has("readsAcrossCompanies")) {
                        state.readsAcrossCompanies = body.path("readsAcrossCompanies").asBoolean();
                    }
                    yield Reply.json(200, "{\"readsAcrossCompanies\":" + state.readsAcrossCompanies + "}");
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
                Math.max(1, body.path("resetSeconds").asLong(2)), new int[] {Math.max(0, body.path("skip").asInt(0))}));
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
