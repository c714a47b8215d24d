package io.primesync.local.procore;

import io.primesync.local.http.Forms;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every request meets before a resource answers it, in Procore's order: the login service apart; then a valid
 * bearer token, {@code Procore-Company-Id}, the company's rate limits (a 429 over either window), any fault the
 * control surface set, and the route. A change is saved and delivered to the webhooks once it has succeeded.
 */
final class SimRouter {
    private static final String API = "/rest/v1.0";
    /** Procore's v2.0 API; its routes are named with their version ({@code GET /v2.0/companies/{id}/webhooks/hooks}). */
    private static final String API_V2 = "/rest/v2.0";
    private static final String CONTROL = "/_simulator";

    private final Clock clock;
    private final SimState state;
    private final SimRoutes routes;
    private final SimOAuth oauth;
    private final SimRates rates;
    private final SimFaults faults;
    private final SimRequestLog log;
    private final SimHooks hooks;
    private final SimControl control;

    SimRouter(Clock clock, SimState state, SimRoutes routes, SimOAuth oauth, SimRates rates, SimFaults faults,
            SimRequestLog log, SimHooks hooks, SimControl control) {
        this.clock = clock;
        this.state = state;
        this.routes = routes;
        this.oauth = oauth;
        this.rates = rates;
        this.faults = faults;
        this.log = log;
        this.hooks = hooks;
        this.control = control;
    }

    /** Answers a call, its time counted to its company (the login service's to its own): Procore's own time. */
    Reply handle(LocalHttp.Request r) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return answerCall(r);
        } finally {
            String path = r.rawPath();
            if (!path.startsWith(CONTROL + "/")) {
                String who = path.equals("/oauth/token") ? SimRequestLog.LOGIN : r.header("Procore-Company-Id");
                if (who != null) {
                    log.took(who, System.nanoTime() - start);
                }
            }
        }
    }

    private Reply answerCall(LocalHttp.Request r) throws InterruptedException {
        String path = r.rawPath();
        Map<String, String> query = Forms.decode(r.rawQuery());
        if (path.equals("/oauth/token")) {
            return login(r);
        }
        if (path.startsWith(CONTROL + "/")) {
            return control.handle(r, path.substring(CONTROL.length()), query);
        }
        boolean v2 = path.startsWith(API_V2 + "/");
        if (!path.startsWith(API + "/") && !v2) {
            return SimReplies.notFound();
        }
        String token = SimOAuth.bearer(r.header("Authorization"));
        if (token == null || !oauth.valid(token)) {
            return SimOAuth.invalidToken();
        }
        String companyId = r.header("Procore-Company-Id");
        if (companyId == null || !companyId.matches("[0-9]{1,20}")) {
            return Reply.json(400, "{\"errors\":\"The Procore-Company-Id header is required\"}");
        }
        SimRoutes.Match match = routes.find(r.method(), v2 ? path.substring("/rest".length()) : path.substring(API.length()));
        if (v2 && match != null && match.route().template().startsWith("/v2.0/companies/{id}")
                && match.ids().get(0) != Long.parseLong(companyId)) {
            // a v2.0 path names its company: it must be the header's
            return Reply.json(403, "{\"errors\":\"The company of the path is not the Procore-Company-Id header's\"}");
        }
        SimRates.Verdict verdict = rates.call(companyId);
        log.count(companyId, match == null ? r.method() + " " + path : match.route().name(), !verdict.allowed());
        if (!verdict.allowed()) {
            return SimReplies.withHeaders(Reply.json(429, "{\"errors\":\"Rate limit exceeded\"}"),
                    verdict.refusalHeaders(clock.instant().getEpochSecond()));
        }
        SimFaults.Fault fault = faults.take(companyId, r.method(), path);
        return faulted(fault, f -> {
            if (f.status() == 401) {
                oauth.revoke(token);
            }
            return faults.reply(f, verdict);
        }, () -> SimReplies.withHeaders(answer(r, query, companyId, match, token, fault), verdict.headers()));
    }

    /** The token endpoint; the login service has no company: only faults for no company in particular reach it. */
    private Reply login(LocalHttp.Request r) throws InterruptedException {
        if (!r.method().equals("POST")) {
            return SimReplies.notFound();
        }
        log.count(SimRequestLog.LOGIN, "POST /oauth/token", false);
        return faulted(faults.take(null, "POST", r.rawPath()), f -> faults.reply(f, rates.login()), () -> oauth.token(r));
    }

    /**
     * A call's answer as a fault (or none) makes it: delayed, dropped before it is applied, a fault's status
     * instead, or applied and then dropped.
     */
    private static Reply faulted(SimFaults.Fault fault, Function<SimFaults.Fault, Reply> status, Supplier<Reply> answer)
            throws InterruptedException {
        if (fault != null && fault.delayMs() > 0) {
            Thread.sleep(fault.delayMs());
        }
        if (fault != null && "before".equals(fault.drop())) {
            return Reply.DROP;
        }
        if (fault != null && fault.drop() == null && fault.status() > 0) {
            return status.apply(fault);
        }
        Reply reply = answer.get();
        return fault != null && "after".equals(fault.drop()) ? Reply.DROP : reply;
    }

    /** The company holding the project a read names ({@code project_id}, or the path's project), or null. */
    private Company holderOfNamedProject(Map<String, String> query, SimRoutes.Match match) {
        try {
            if (query.containsKey("project_id")) {
                return state.holderOf(Long.parseLong(query.get("project_id")));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return match.route().template().startsWith("/projects/{id}") ? state.holderOf(match.ids().get(0)) : null;
    }

    /** The route's answer, under the state's lock; a change it made is saved and delivered once it succeeded. */
    private Reply answer(LocalHttp.Request r, Map<String, String> query, String companyId, SimRoutes.Match match,
            String token, SimFaults.Fault fault) {
        synchronized (state) {
            Company company = state.companies.get(Long.parseLong(companyId));
            if (company == null) {
                return Reply.json(404, "{\"errors\":\"Company not found\"}");
            }
            if (match == null) {
                return SimReplies.notFound();
            }
            if (state.readsAcrossCompanies && r.method().equals("GET")) {
                Company holder = holderOfNamedProject(query, match);
                company = holder == null ? company : holder;
            }
            SimCall call = new SimCall(match.route().name(), company, query, SimFields.body(r.body()), match.ids(),
                    fault == null ? 0 : fault.recordErrors(), clock);
            call.restricted(oauth.applicationOf(token) != null);
            Reply refused = SimGrants.refused(call, match);
            if (refused != null) {
                return refused;
            }
            Reply reply = match.route().action().run(call);
            if (!r.method().equals("GET") && reply.status() < 300) {
                state.save();
                hooks.changed(company, call.changes(), oauth.applicationOf(token));
            }
            return reply;
        }
    }
}
