package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Forms;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.ChangeOrder;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.LineItem;
import io.primesync.local.procore.SimState.PrimeContract;
import io.primesync.local.procore.SimState.Project;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Procore: the part of its public REST API the product uses, as Procore documents it (OAuth client
 * credentials, {@code Procore-Company-Id}, projects, prime contracts and their line items with the sync action's
 * per-record errors and company-unique origin ids, prime change orders, both rate-limit windows with their headers
 * and 429), plus a control surface under {@code /_simulator/} that is not Procore's (companies, faults, rate limits,
 * the request log). Nothing the product does may depend on talking to this rather than to Procore.
 */
public final class ProcoreSimulator implements AutoCloseable {
    /** The product's service account: its changes carry its application id in webhook deliveries. */
    public static final String CLIENT_ID = "local-procore-client";
    public static final String CLIENT_SECRET = "local-procore-client-secret";
    public static final String APPLICATION_ID = "local-procore-app";
    /**
     * Stands for the people working in Procore (its web and mobile apps): what they change carries no application id
     * of an integration. The demo, the tests and the README's curl lines change things in "Procore" as this client.
     */
    public static final String USER_CLIENT_ID = "local-procore-user";
    public static final String USER_CLIENT_SECRET = "local-procore-user-secret";
    static final long TOKEN_SECONDS = 5400;
    static final int DEFAULT_PER_PAGE = 100;
    private static final String API = "/rest/v1.0";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fault to inject: the next {@code count} calls that match fail this way. */
    record Fault(String companyId, String method, Pattern path, int status, long delayMs, String drop, int[] count,
            int recordErrors, long resetSeconds, int[] skip) {}

    private final Clock clock;
    private final SimState state;
    private final SimRates rates;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    /** token → the application id its client acts as (absent for the people's client) */
    private final Map<String, String> tokenApplications = new ConcurrentHashMap<>();
    private final SimHooks hooks;
    /** The changes the request being answered made (under the state's lock), for the webhooks. */
    private final List<SimHooks.Change> changes = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    /** company → "METHOD /template" → [calls, 429s] */
    private final Map<String, Map<String, long[]>> requests = new TreeMap<>();
    private volatile int perPageMax = 1000;
    private volatile int syncMaxRecords = 1000;
    /** Records of the sync call being answered that a fault refuses (under the state's lock). */
    private int recordErrors;
    private final LocalHttp http;
    private int port;

    private ProcoreSimulator(Clock clock, Path stateFile) {
        this.clock = clock;
        this.state = SimState.load(stateFile);
        this.rates = new SimRates(clock);
        this.hooks = new SimHooks(clock);
        this.http = LocalHttp.create("procore-simulator", this::handle,
                (status, method, target, why) -> Reply.json(status == 414 || status == 431 || status == 413 ? status : 400,
                        "{\"errors\":\"" + (status == 500 ? "internal error" : "bad request") + "\"}"),
                LocalHttp.Limits.defaults(), 16);
    }

    /**
     * @param port 0 for a free one
     * @param stateFile where the state is kept across restarts, or null for memory only
     */
    public static ProcoreSimulator start(int port, Path stateFile, Clock clock) throws IOException {
        ProcoreSimulator sim = new ProcoreSimulator(clock, stateFile);
        sim.port = sim.http.listen(port);
        return sim;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** What a function needs to talk to this simulator as to Procore. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PROCORE_API_URL", baseUri().toString());
        env.put("PROCORE_LOGIN_URL", baseUri().toString());
        env.put("PROCORE_CLIENT_ID", CLIENT_ID);
        env.put("PROCORE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("PROCORE_APPLICATION_ID", APPLICATION_ID);
        return env;
    }

    @Override
    public void close() {
        hooks.close();
        http.close();
    }

    // ---------------------------------------------------------------- dispatch

    private Reply handle(LocalHttp.Request r) throws InterruptedException {
        String path = r.rawPath();
        Map<String, String> query = Forms.decode(r.rawQuery());
        if (path.equals("/oauth/token")) {
            if (!r.method().equals("POST")) {
                return notFound();
            }
            count("login", "POST /oauth/token", false);
            // the login service has no company: only faults for no company in particular reach it
            Fault fault = takeFault(null, "POST", path);
            if (fault != null && fault.delayMs() > 0) {
                Thread.sleep(fault.delayMs());
            }
            if (fault != null && "before".equals(fault.drop())) {
                return Reply.DROP;
            }
            if (fault != null && fault.drop() == null && fault.status() > 0) {
                return faultReply(fault, "", new SimRates.Verdict(true, rates.spikeLimit(), rates.spikeLimit(),
                        clock.instant().getEpochSecond() + 10));
            }
            Reply reply = token(r);
            return fault != null && "after".equals(fault.drop()) ? Reply.DROP : reply;
        }
        if (path.startsWith("/_simulator/")) {
            return control(r, path.substring("/_simulator".length()), query);
        }
        if (!path.startsWith(API + "/")) {
            return notFound();
        }
        String auth = r.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validToken(auth.substring(7).strip())) {
            return Reply.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"The access token is invalid or has expired\"}");
        }
        String companyHeader = r.header("Procore-Company-Id");
        if (companyHeader == null || !companyHeader.matches("[0-9]{1,20}")) {
            return Reply.json(400, "{\"errors\":\"The Procore-Company-Id header is required\"}");
        }
        Route route = route(r.method(), path.substring(API.length()));
        String template = route == null ? r.method() + " " + path : route.template();
        SimRates.Verdict verdict = rates.call(companyHeader);
        count(companyHeader, template, !verdict.allowed());
        Map<String, String> limitHeaders = Map.of("X-Rate-Limit-Limit", Long.toString(verdict.limit()),
                "X-Rate-Limit-Remaining", Long.toString(verdict.remaining()),
                "X-Rate-Limit-Reset", Long.toString(verdict.resetEpochSecond()));
        if (!verdict.allowed()) {
            return withHeaders(Reply.json(429, "{\"errors\":\"Rate limit exceeded\"}"), limitHeaders);
        }
        Fault fault = takeFault(companyHeader, r.method(), path);
        if (fault != null && fault.delayMs() > 0) {
            Thread.sleep(fault.delayMs());
        }
        if (fault != null && "before".equals(fault.drop())) {
            return Reply.DROP;
        }
        if (fault != null && fault.drop() == null && fault.status() > 0) {
            return faultReply(fault, auth.substring(7).strip(), verdict);
        }
        Reply reply;
        synchronized (state) {
            recordErrors = fault == null ? 0 : fault.recordErrors();
            Company company = state.companies.get(Long.parseLong(companyHeader));
            if (company == null) {
                reply = Reply.json(404, "{\"errors\":\"Company not found\"}");
            } else if (route == null) {
                reply = notFound();
            } else {
                changes.clear();
                reply = route.run(company, query, body(r));
                if (!r.method().equals("GET") && reply.status() < 300) {
                    state.save();
                    hooks.changed(company, List.copyOf(changes), tokenApplications.get(auth.substring(7).strip()));
                }
                changes.clear();
            }
        }
        if (fault != null && "after".equals(fault.drop())) {
            return Reply.DROP;
        }
        return withHeaders(reply, limitHeaders);
    }

    /** The answer of a fault with a status: as Procore would give that status. */
    private Reply faultReply(Fault fault, String token, SimRates.Verdict verdict) {
        Map<String, String> limits = Map.of("X-Rate-Limit-Limit", Long.toString(verdict.limit()),
                "X-Rate-Limit-Remaining", Long.toString(verdict.remaining()),
                "X-Rate-Limit-Reset", Long.toString(verdict.resetEpochSecond()));
        return switch (fault.status()) {
            case 401 -> {
                // the token expired early (or was revoked): it stays invalid
                tokens.remove(token);
                yield Reply.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"The access token"
                        + " is invalid or has expired\"}");
            }
            case 429 -> withHeaders(Reply.json(429, "{\"errors\":\"Rate limit exceeded\"}"), Map.of(
                    "X-Rate-Limit-Limit", Long.toString(verdict.limit()), "X-Rate-Limit-Remaining", "0",
                    "X-Rate-Limit-Reset", Long.toString(clock.instant().getEpochSecond() + fault.resetSeconds())));
            case 503 -> withHeaders(Reply.json(503, "{\"errors\":\"Service Unavailable\"}"),
                    merge(limits, Map.of("Retry-After", Long.toString(fault.resetSeconds()))));
            default -> withHeaders(Reply.json(fault.status(), "{\"errors\":\"simulated failure\"}"), limits);
        };
    }

    private interface Action {
        Reply run(Company company, Map<String, String> query, JsonNode body);
    }

    private record Route(String template, Action action, Matcher matcher) {
        Reply run(Company c, Map<String, String> q, JsonNode b) {
            return action.run(c, q, b);
        }

        long id(int group) {
            return Long.parseLong(matcher.group(group));
        }
    }

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    /** The resource name change-order events are delivered under (Procore's is unconfirmed; its listed example). */
    static final String CHANGE_ORDERS = "Change Order Packages";

    /** The routes of the API this simulates, by method and path (after {@code /rest/v1.0}). */
    private Route route(String method, String path) {
        String[] p = path.substring(1).split("/", -1);
        String m = method;
        boolean id1 = p.length > 1 && ID.matcher(p[1]).matches();
        Matcher none = Pattern.compile("").matcher("");
        if (p[0].equals("projects")) {
            if (p.length == 1) {
                return switch (m) {
                    case "GET" -> new Route("GET /projects", (c, q, b) -> listProjects(c, q), none);
                    case "POST" -> new Route("POST /projects", (c, q, b) -> createProject(c, b), none);
                    default -> null;
                };
            }
            if (p.length == 2 && id1) {
                long id = Long.parseLong(p[1]);
                return switch (m) {
                    case "GET" -> new Route("GET /projects/{id}", (c, q, b) -> showProject(c, id), none);
                    case "PATCH" -> new Route("PATCH /projects/{id}", (c, q, b) -> updateProject(c, id, b), none);
                    default -> null;
                };
            }
            if (p.length >= 3 && id1 && p[2].equals("prime_change_orders")) {
                long project = Long.parseLong(p[1]);
                if (p.length == 3) {
                    return switch (m) {
                        case "GET" -> new Route("GET /projects/{id}/prime_change_orders",
                                (c, q, b) -> listChangeOrders(c, project, q), none);
                        case "POST" -> new Route("POST /projects/{id}/prime_change_orders",
                                (c, q, b) -> createChangeOrder(c, project, b), none);
                        default -> null;
                    };
                }
                if (p.length == 4 && ID.matcher(p[3]).matches()) {
                    long id = Long.parseLong(p[3]);
                    return switch (m) {
                        case "GET" -> new Route("GET /projects/{id}/prime_change_orders/{id}",
                                (c, q, b) -> showChangeOrder(c, project, id), none);
                        case "PATCH" -> new Route("PATCH /projects/{id}/prime_change_orders/{id}",
                                (c, q, b) -> updateChangeOrder(c, project, id, b), none);
                        default -> null;
                    };
                }
            }
            return null;
        }
        if (p[0].equals("webhooks")) {
            return webhookRoute(m, p, none);
        }
        if (p[0].equals("prime_contract")) {
            if (p.length == 1 && m.equals("POST")) {
                return new Route("POST /prime_contract", (c, q, b) -> createPrimeContract(c, b), none);
            }
            if (p.length == 2 && id1) {
                long id = Long.parseLong(p[1]);
                return switch (m) {
                    case "GET" -> new Route("GET /prime_contract/{id}", (c, q, b) -> showPrimeContract(c, q, id), none);
                    case "PATCH" -> new Route("PATCH /prime_contract/{id}", (c, q, b) -> updatePrimeContract(c, q, id, b), none);
                    case "DELETE" -> new Route("DELETE /prime_contract/{id}", (c, q, b) -> deletePrimeContract(c, q, id), none);
                    default -> null;
                };
            }
            return null;
        }
        if (p[0].equals("prime_contracts")) {
            if (p.length == 1 && m.equals("GET")) {
                return new Route("GET /prime_contracts", (c, q, b) -> listPrimeContracts(c, q), none);
            }
            if (p.length >= 3 && id1 && p[2].equals("line_items")) {
                long pc = Long.parseLong(p[1]);
                if (p.length == 3) {
                    return switch (m) {
                        case "GET" -> new Route("GET /prime_contracts/{id}/line_items", (c, q, b) -> listLines(c, q, pc), none);
                        case "POST" -> new Route("POST /prime_contracts/{id}/line_items", (c, q, b) -> createLine(c, q, pc, b), none);
                        default -> null;
                    };
                }
                if (p.length == 4 && p[3].equals("sync") && m.equals("PATCH")) {
                    return new Route("PATCH /prime_contracts/{id}/line_items/sync", (c, q, b) -> syncLines(c, q, pc, b), none);
                }
                if (p.length == 4 && ID.matcher(p[3]).matches()) {
                    long id = Long.parseLong(p[3]);
                    return switch (m) {
                        case "GET" -> new Route("GET /prime_contracts/{id}/line_items/{id}", (c, q, b) -> showLine(c, q, pc, id), none);
                        case "PATCH" -> new Route("PATCH /prime_contracts/{id}/line_items/{id}", (c, q, b) -> updateLine(c, q, pc, id, b), none);
                        case "DELETE" -> new Route("DELETE /prime_contracts/{id}/line_items/{id}", (c, q, b) -> deleteLine(c, q, pc, id), none);
                        default -> null;
                    };
                }
            }
        }
        return null;
    }

    /** {@code /webhooks/resources}, {@code /webhooks/hooks[/{id}[/triggers[/{id}]|/deliveries]]}. */
    private Route webhookRoute(String m, String[] p, Matcher none) {
        if (p.length == 2 && p[1].equals("resources") && m.equals("GET")) {
            return new Route("GET /webhooks/resources", (c, q, b) -> {
                com.fasterxml.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
                SimHooks.RESOURCES.forEach(name -> out.addObject().put("name", name));
                return Reply.json(200, Json.write(out));
            }, none);
        }
        if (p.length < 2 || !p[1].equals("hooks")) {
            return null;
        }
        if (p.length == 2) {
            return switch (m) {
                case "GET" -> new Route("GET /webhooks/hooks", (c, q, b) -> listHooks(c, q), none);
                case "POST" -> new Route("POST /webhooks/hooks", (c, q, b) -> createHook(c, b), none);
                default -> null;
            };
        }
        if (!ID.matcher(p[2]).matches()) {
            return null;
        }
        long hook = Long.parseLong(p[2]);
        if (p.length == 3) {
            return switch (m) {
                case "GET" -> new Route("GET /webhooks/hooks/{id}", (c, q, b) -> withHook(c, hook,
                        h -> Reply.json(200, Json.write(hookJson(h)))), none);
                case "PATCH" -> new Route("PATCH /webhooks/hooks/{id}", (c, q, b) -> withHook(c, hook,
                        h -> updateHook(h, b)), none);
                case "DELETE" -> new Route("DELETE /webhooks/hooks/{id}", (c, q, b) -> withHook(c, hook, h -> {
                    c.hooks.remove(h.id);
                    return Reply.json(200, "{}");
                }), none);
                default -> null;
            };
        }
        if (p[3].equals("deliveries") && p.length == 4 && m.equals("GET")) {
            return new Route("GET /webhooks/hooks/{id}/deliveries", (c, q, b) -> withHook(c, hook,
                    h -> page(toList(hooks.deliveries(h.id)), q, n -> (ObjectNode) n)), none);
        }
        if (p[3].equals("triggers")) {
            if (p.length == 4) {
                return switch (m) {
                    case "GET" -> new Route("GET /webhooks/hooks/{id}/triggers", (c, q, b) -> withHook(c, hook,
                            h -> page(new ArrayList<>(h.triggers.values()), q, ProcoreSimulator::triggerJson)), none);
                    case "POST" -> new Route("POST /webhooks/hooks/{id}/triggers", (c, q, b) -> withHook(c, hook,
                            h -> createTrigger(h, b)), none);
                    default -> null;
                };
            }
            if (p.length == 5 && ID.matcher(p[4]).matches() && m.equals("DELETE")) {
                long trigger = Long.parseLong(p[4]);
                return new Route("DELETE /webhooks/hooks/{id}/triggers/{id}", (c, q, b) -> withHook(c, hook,
                        h -> h.triggers.remove(trigger) == null ? notFound("Trigger") : Reply.json(200, "{}")), none);
            }
        }
        return null;
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> toList(com.fasterxml.jackson.databind.node.ArrayNode a) {
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    private Reply withHook(Company c, long id, java.util.function.Function<SimState.Hook, Reply> action) {
        SimState.Hook h = c.hooks.get(id);
        return h == null ? notFound("Hook") : action.apply(h);
    }

    private Reply listHooks(Company c, Map<String, String> q) {
        String namespace = q.get("namespace");
        List<SimState.Hook> all = c.hooks.values().stream()
                .filter(h -> namespace == null || namespace.equals(h.namespace)).toList();
        return page(new ArrayList<>(all), q, ProcoreSimulator::hookJson);
    }

    private Reply createHook(Company c, JsonNode body) {
        SimState.Hook h = new SimState.Hook();
        Map<String, String> errors = hookFields(h, body.path("hook"), true);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        h.id = state.nextHookId++;
        h.createdAt = h.updatedAt = now();
        c.hooks.put(h.id, h);
        return Reply.json(201, Json.write(hookJson(h)));
    }

    private Reply updateHook(SimState.Hook h, JsonNode body) {
        Map<String, String> errors = hookFields(h, body.path("hook"), false);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        h.updatedAt = now();
        return Reply.json(200, Json.write(hookJson(h)));
    }

    /** Reads a hook's fields into it; the URL must be http(s), the API version 2.0 or 3.0. */
    private static Map<String, String> hookFields(SimState.Hook h, JsonNode f, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (f.has("destination_url") || creating) {
            String url = textOrNull(f, "destination_url");
            if (url == null || !url.matches("https?://[^\\s]+")) {
                errors.put("destination_url", "must be an http or https URL");
            } else {
                h.destinationUrl = url;
            }
        }
        if (f.has("api_version") || creating) {
            String version = f.path("api_version").asText("v2.0");
            if (!List.of("v2.0", "v3.0").contains(version)) {
                errors.put("api_version", "is not included in the list");
            } else {
                h.apiVersion = version;
            }
        }
        if (f.has("namespace") || creating) {
            h.namespace = textOrNull(f, "namespace");
        }
        if (f.has("destination_headers")) {
            JsonNode headers = f.path("destination_headers");
            if (!headers.isObject()) {
                errors.put("destination_headers", "must be an object of header names to values");
            } else {
                Map<String, String> parsed = new LinkedHashMap<>();
                headers.fields().forEachRemaining(e -> parsed.put(e.getKey(), e.getValue().asText()));
                h.destinationHeaders = parsed;
            }
        }
        return errors;
    }

    private Reply createTrigger(SimState.Hook h, JsonNode body) {
        JsonNode f = body.path("trigger");
        String resource = textOrNull(f, "resource_name");
        String event = textOrNull(f, "event_type");
        Map<String, String> errors = new LinkedHashMap<>();
        if (resource == null || !SimHooks.RESOURCES.contains(resource)) {
            errors.put("resource_name", "is not included in the list");
        }
        if (event == null || !List.of("create", "update", "delete").contains(event)) {
            errors.put("event_type", "is not included in the list");
        }
        if (errors.isEmpty() && h.triggers.values().stream()
                .anyMatch(t -> t.resourceName.equals(resource) && t.eventType.equals(event))) {
            errors.put("event_type", "has already been taken");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        SimState.Trigger t = new SimState.Trigger();
        t.id = state.nextTriggerId++;
        t.resourceName = resource;
        t.eventType = event;
        h.triggers.put(t.id, t);
        return Reply.json(201, Json.write(triggerJson(t)));
    }

    private static ObjectNode hookJson(SimState.Hook h) {
        ObjectNode o = Json.object();
        o.put("id", h.id);
        o.put("api_version", h.apiVersion);
        o.put("namespace", h.namespace);
        o.put("destination_url", h.destinationUrl);
        ObjectNode headers = o.putObject("destination_headers");
        h.destinationHeaders.forEach(headers::put);
        o.put("created_at", h.createdAt);
        o.put("updated_at", h.updatedAt);
        return o;
    }

    private static ObjectNode triggerJson(SimState.Trigger t) {
        ObjectNode o = Json.object();
        o.put("id", t.id);
        o.put("resource_name", t.resourceName);
        o.put("event_type", t.eventType);
        return o;
    }

    // ---------------------------------------------------------------- OAuth

    private Reply token(LocalHttp.Request r) {
        Map<String, String> form = new LinkedHashMap<>();
        String contentType = r.header("Content-Type");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                Json.read(r.body()).fields().forEachRemaining(e -> form.put(e.getKey(), e.getValue().asText()));
            } catch (Json.MalformedJsonException e) {
                return Reply.json(400, "{\"error\":\"invalid_request\"}");
            }
        } else {
            form.putAll(Forms.decode(body));
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return Reply.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        boolean product = CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
        boolean people = USER_CLIENT_ID.equals(form.get("client_id")) && USER_CLIENT_SECRET.equals(form.get("client_secret"));
        if (!product && !people) {
            return Reply.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        }
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Instant now = clock.instant();
        tokens.put(token, now.plusSeconds(TOKEN_SECONDS));
        if (product) {
            tokenApplications.put(token, APPLICATION_ID);
        }
        ObjectNode o = Json.object();
        o.put("access_token", token);
        o.put("token_type", "bearer");
        o.put("expires_in", TOKEN_SECONDS);
        o.put("created_at", now.getEpochSecond());
        return Reply.json(200, Json.write(o));
    }

    private boolean validToken(String token) {
        Instant expires = tokens.get(token);
        return expires != null && clock.instant().isBefore(expires);
    }

    // ---------------------------------------------------------------- projects

    private Reply listProjects(Company c, Map<String, String> q) {
        return page(new ArrayList<>(c.projects.values()), q, this::projectJson);
    }

    private Reply showProject(Company c, long id) {
        Project p = c.projects.get(id);
        return p == null ? notFound("Project") : Reply.json(200, Json.write(projectJson(p)));
    }

    private Reply createProject(Company c, JsonNode body) {
        JsonNode p = body.path("project");
        String name = p.path("name").asText(null);
        if (name == null || name.isBlank()) {
            return invalid(Map.of("name", "can't be blank"));
        }
        String origin = textOrNull(p, "origin_id");
        Project project = new Project();
        project.id = state.nextProjectId++;
        project.name = name;
        project.originId = origin;
        project.createdAt = project.updatedAt = now();
        c.projects.put(project.id, project);
        changes.add(new SimHooks.Change("Projects", "create", project.id, project.id, null));
        return Reply.json(201, Json.write(projectJson(project)));
    }

    private Reply updateProject(Company c, long id, JsonNode body) {
        Project project = c.projects.get(id);
        if (project == null) {
            return notFound("Project");
        }
        JsonNode p = body.path("project");
        if (p.has("name")) {
            project.name = p.path("name").asText();
        }
        if (p.has("origin_id")) {
            project.originId = textOrNull(p, "origin_id");
        }
        project.updatedAt = now();
        changes.add(new SimHooks.Change("Projects", "update", project.id, project.id, null));
        return Reply.json(200, Json.write(projectJson(project)));
    }

    private ObjectNode projectJson(Project p) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("name", p.name);
        o.put("display_name", p.name);
        o.put("origin_id", p.originId);
        o.put("active", true);
        o.put("created_at", p.createdAt);
        o.put("updated_at", p.updatedAt);
        return o;
    }

    // ---------------------------------------------------------------- prime contracts

    private Reply listPrimeContracts(Company c, Map<String, String> q) {
        Long project = projectParam(c, q);
        if (project == null) {
            return projectMissing(q);
        }
        List<PrimeContract> in = c.primeContracts.values().stream().filter(pc -> pc.projectId == project).toList();
        return page(new ArrayList<>(in), q, pc -> primeContractJson(pc, false));
    }

    private Reply showPrimeContract(Company c, Map<String, String> q, long id) {
        PrimeContract pc = contractIn(c, q, id);
        return pc == null ? notFound("Prime contract") : Reply.json(200, Json.write(primeContractJson(pc, true)));
    }

    private Reply createPrimeContract(Company c, JsonNode body) {
        long projectId = body.path("project_id").asLong(-1);
        if (!c.projects.containsKey(projectId)) {
            return notFound("Project");
        }
        JsonNode f = body.path("prime_contract");
        Map<String, String> errors = validateContract(f);
        String origin = textOrNull(f, "origin_id");
        if (origin != null && c.primeContracts.values().stream().anyMatch(pc -> origin.equals(pc.originId))) {
            errors.put("origin_id", "has already been taken");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        PrimeContract pc = new PrimeContract();
        pc.id = state.nextPrimeContractId++;
        pc.projectId = projectId;
        pc.createdAt = now();
        apply(pc, f);
        if (pc.status == null) {
            pc.status = "Draft";
        }
        if (pc.accountingMethod == null) {
            pc.accountingMethod = "amount";
        }
        c.primeContracts.put(pc.id, pc);
        changes.add(new SimHooks.Change("Prime Contracts", "create", pc.id, pc.projectId, pc.id));
        return Reply.json(201, Json.write(primeContractJson(pc, true)));
    }

    private Reply updatePrimeContract(Company c, Map<String, String> q, long id, JsonNode body) {
        PrimeContract pc = contractIn(c, q, id);
        if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode f = body.path("prime_contract");
        Map<String, String> errors = validateContract(f);
        String origin = textOrNull(f, "origin_id");
        if (origin != null && c.primeContracts.values().stream().anyMatch(o -> o.id != id && origin.equals(o.originId))) {
            errors.put("origin_id", "has already been taken");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        apply(pc, f);
        changes.add(new SimHooks.Change("Prime Contracts", "update", pc.id, pc.projectId, pc.id));
        return Reply.json(200, Json.write(primeContractJson(pc, true)));
    }

    private Reply deletePrimeContract(Company c, Map<String, String> q, long id) {
        PrimeContract pc = contractIn(c, q, id);
        if (pc == null) {
            return notFound("Prime contract");
        }
        c.primeContracts.remove(id);
        changes.add(new SimHooks.Change("Prime Contracts", "delete", id, pc.projectId, id));
        return Reply.json(200, "{}");
    }

    private static final List<String> STATUSES = List.of("Draft", "Out For Bid", "Out For Signature", "Approved",
            "Complete", "Terminated");

    private static Map<String, String> validateContract(JsonNode f) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (f.has("status") && !STATUSES.contains(f.path("status").asText())) {
            errors.put("status", "is not included in the list");
        }
        if (f.has("accounting_method") && !List.of("amount", "unit").contains(f.path("accounting_method").asText())) {
            errors.put("accounting_method", "is not included in the list");
        }
        if (f.has("retainage_percent") && !f.path("retainage_percent").isNull()
                && decimal(f.path("retainage_percent")) == null) {
            errors.put("retainage_percent", "is not a number");
        }
        return errors;
    }

    private void apply(PrimeContract pc, JsonNode f) {
        if (f.has("origin_id")) {
            pc.originId = textOrNull(f, "origin_id");
        }
        if (f.has("origin_data")) {
            pc.originData = textOrNull(f, "origin_data");
        }
        if (f.has("title")) {
            pc.title = textOrNull(f, "title");
        }
        if (f.has("number")) {
            pc.number = textOrNull(f, "number");
        }
        if (f.has("status")) {
            pc.status = f.path("status").asText();
        }
        if (f.has("accounting_method")) {
            pc.accountingMethod = f.path("accounting_method").asText();
        }
        if (f.has("retainage_percent")) {
            BigDecimal r = decimal(f.path("retainage_percent"));
            pc.retainagePercent = r == null ? null : r.toPlainString();
        }
        pc.updatedAt = now();
    }

    private ObjectNode primeContractJson(PrimeContract pc, boolean withLines) {
        ObjectNode o = Json.object();
        o.put("id", pc.id);
        o.putObject("project").put("id", pc.projectId);
        o.put("origin_id", pc.originId);
        o.put("origin_data", pc.originData);
        o.put("title", pc.title);
        o.put("number", pc.number);
        o.put("status", pc.status);
        o.put("accounting_method", pc.accountingMethod);
        o.put("retainage_percent", pc.retainagePercent);
        String total = total(pc);
        o.put("grand_total", total);
        o.put("revised_contract_amount", total);
        o.put("created_at", pc.createdAt);
        o.put("updated_at", pc.updatedAt);
        if (withLines) {
            ArrayNode lines = o.putArray("line_items");
            pc.lineItems.values().forEach(l -> lines.add(lineJson(l)));
        }
        return o;
    }

    private static String total(PrimeContract pc) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (LineItem l : pc.lineItems.values()) {
            sum = sum.add(new BigDecimal(l.amount));
        }
        return sum.toPlainString();
    }

    // ---------------------------------------------------------------- line items

    private Reply listLines(Company c, Map<String, String> q, long pcId) {
        PrimeContract pc = contractIn(c, q, pcId);
        if (pc == null) {
            return notFound("Prime contract");
        }
        return page(new ArrayList<>(pc.lineItems.values()), q, ProcoreSimulator::lineJson);
    }

    private Reply showLine(Company c, Map<String, String> q, long pcId, long id) {
        PrimeContract pc = contractIn(c, q, pcId);
        LineItem line = pc == null ? null : pc.lineItems.get(id);
        return line == null ? notFound("Line item") : Reply.json(200, Json.write(lineJson(line)));
    }

    private Reply createLine(Company c, Map<String, String> q, long pcId, JsonNode body) {
        PrimeContract pc = contractIn(c, q, pcId);
        if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode record = body.has("line_item") ? body.path("line_item") : body;
        Map<String, String> errors = new LinkedHashMap<>();
        LineItem line = write(c, pc, null, record, errors);
        return errors.isEmpty() ? Reply.json(201, Json.write(lineJson(line))) : invalid(errors);
    }

    private Reply updateLine(Company c, Map<String, String> q, long pcId, long id, JsonNode body) {
        PrimeContract pc = contractIn(c, q, pcId);
        LineItem existing = pc == null ? null : pc.lineItems.get(id);
        if (existing == null) {
            return notFound("Line item");
        }
        JsonNode record = body.has("line_item") ? body.path("line_item") : body;
        Map<String, String> errors = new LinkedHashMap<>();
        LineItem line = write(c, pc, existing, record, errors);
        return errors.isEmpty() ? Reply.json(200, Json.write(lineJson(line))) : invalid(errors);
    }

    private Reply deleteLine(Company c, Map<String, String> q, long pcId, long id) {
        PrimeContract pc = contractIn(c, q, pcId);
        if (pc == null || pc.lineItems.remove(id) == null) {
            return notFound("Line item");
        }
        pc.updatedAt = now();
        changes.add(new SimHooks.Change("Prime Contract Line Items", "delete", id, pc.projectId, pc.id));
        return Reply.json(200, "{}");
    }

    /**
     * The sync action: each record created or updated by {@code id} (which must exist) or {@code origin_id} (created
     * when unknown); always 200, with the records written in {@code entities} and each refused one, as sent, with its
     * reasons in {@code errors}.
     */
    private Reply syncLines(Company c, Map<String, String> q, long pcId, JsonNode body) {
        PrimeContract pc = contractIn(c, q, pcId);
        if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode updates = body.path("updates");
        if (!updates.isArray()) {
            return invalid(Map.of("updates", "must be an array"));
        }
        if (updates.size() > syncMaxRecords) {
            return Reply.json(413, "{\"errors\":\"At most " + syncMaxRecords + " records may be synced per request\"}");
        }
        ObjectNode out = Json.object();
        ArrayNode entities = out.putArray("entities");
        ArrayNode errors = out.putArray("errors");
        int refuse = recordErrors;
        recordErrors = 0;
        for (JsonNode record : updates) {
            Map<String, String> problems = new LinkedHashMap<>();
            if (refuse > 0) {
                refuse--;
                problems.put("base", "Line item could not be saved");
            }
            LineItem existing = null;
            if (record.hasNonNull("id")) {
                existing = pc.lineItems.get(record.path("id").asLong(-1));
                if (existing == null) {
                    problems.put("id", "Entity with this ID not found");
                }
            } else if (record.hasNonNull("origin_id")) {
                String origin = record.path("origin_id").asText();
                existing = pc.lineItems.values().stream().filter(l -> origin.equals(l.originId)).findFirst().orElse(null);
            }
            LineItem written = problems.isEmpty() ? write(c, pc, existing, record, problems) : null;
            if (problems.isEmpty()) {
                entities.add(lineJson(written));
            } else {
                ObjectNode refused = record.isObject() ? ((ObjectNode) record).deepCopy() : Json.object();
                ObjectNode reasons = refused.putObject("errors");
                problems.forEach((field, message) -> reasons.putArray(field).add(message));
                errors.add(refused);
            }
        }
        return Reply.json(200, Json.write(out));
    }

    /** Creates or updates one line from a record; adds to {@code errors} (and writes nothing) when it is invalid. */
    private LineItem write(Company c, PrimeContract pc, LineItem existing, JsonNode record, Map<String, String> errors) {
        if (!record.isObject()) {
            errors.put("base", "must be an object");
            return null;
        }
        String origin = record.has("origin_id") ? textOrNull(record, "origin_id") : existing == null ? null : existing.originId;
        if (origin != null) {
            for (LineItem other : state.linesWithOrigin(c, origin)) {
                if (other != existing) {
                    errors.put("origin_id", "has already been taken");
                }
            }
        }
        BigDecimal amount = record.has("amount") ? decimal(record.path("amount")) : null;
        if (record.has("amount") && amount == null) {
            errors.put("amount", "is not a number");
        } else if (existing == null && !record.has("amount")) {
            errors.put("amount", "can't be blank");
        }
        BigDecimal quantity = record.has("quantity") && !record.path("quantity").isNull() ? decimal(record.path("quantity")) : null;
        if (record.has("quantity") && !record.path("quantity").isNull() && quantity == null) {
            errors.put("quantity", "is not a number");
        }
        BigDecimal unitCost = record.has("unit_cost") && !record.path("unit_cost").isNull() ? decimal(record.path("unit_cost")) : null;
        if (record.has("unit_cost") && !record.path("unit_cost").isNull() && unitCost == null) {
            errors.put("unit_cost", "is not a number");
        }
        String extended = record.has("extended_type") ? record.path("extended_type").asText()
                : existing == null ? "manual" : existing.extendedType;
        if (!List.of("manual", "calculated").contains(extended)) {
            errors.put("extended_type", "is not included in the list");
        }
        if (!errors.isEmpty()) {
            return null;
        }
        LineItem line = existing;
        if (line == null) {
            line = new LineItem();
            line.id = state.nextLineItemId++;
            line.createdAt = now();
            pc.lineItems.put(line.id, line);
        }
        line.originId = origin;
        if (record.has("description")) {
            line.description = textOrNull(record, "description");
        }
        if (record.has("quantity")) {
            line.quantity = quantity == null ? null : quantity.toPlainString();
        }
        if (record.has("unit_cost")) {
            line.unitCost = unitCost == null ? null : unitCost.toPlainString();
        }
        if (record.has("uom")) {
            line.uom = textOrNull(record, "uom");
        }
        line.extendedType = extended;
        if ("calculated".equals(extended) && line.quantity != null && line.unitCost != null) {
            // Procore works a calculated line's amount out itself
            line.amount = new BigDecimal(line.quantity).multiply(new BigDecimal(line.unitCost))
                    .setScale(2, RoundingMode.HALF_UP).toPlainString();
        } else if (amount != null) {
            line.amount = amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
        }
        line.updatedAt = now();
        pc.updatedAt = line.updatedAt;
        changes.add(new SimHooks.Change("Prime Contract Line Items", existing == null ? "create" : "update", line.id,
                pc.projectId, pc.id));
        return line;
    }

    static ObjectNode lineJson(LineItem l) {
        ObjectNode o = Json.object();
        o.put("id", l.id);
        o.put("origin_id", l.originId);
        o.put("description", l.description);
        o.put("amount", l.amount);
        o.put("quantity", l.quantity);
        o.put("unit_cost", l.unitCost);
        o.put("uom", l.uom);
        o.put("extended_type", l.extendedType);
        o.put("created_at", l.createdAt);
        o.put("updated_at", l.updatedAt);
        return o;
    }

    // ---------------------------------------------------------------- prime change orders

    private Reply listChangeOrders(Company c, long project, Map<String, String> q) {
        if (!c.projects.containsKey(project)) {
            return notFound("Project");
        }
        String contract = q.get("filters[contract_id]");
        String status = q.get("filters[status]");
        List<ChangeOrder> found = c.changeOrders.values().stream().filter(co -> co.projectId == project)
                .filter(co -> contract == null || Long.toString(co.contractId).equals(contract))
                .filter(co -> status == null || status.equals(co.status)).toList();
        return page(new ArrayList<>(found), q, ProcoreSimulator::changeOrderJson);
    }

    private Reply showChangeOrder(Company c, long project, long id) {
        ChangeOrder co = c.changeOrders.get(id);
        return co == null || co.projectId != project ? notFound("Change order")
                : Reply.json(200, Json.write(changeOrderJson(co)));
    }

    private static final List<String> CHANGE_ORDER_STATUSES = List.of("draft", "pricing", "not_pricing", "pending",
            "revised", "proceeding", "not_proceeding", "pending_billable", "no_charge", "approved", "rejected", "void");

    private Reply createChangeOrder(Company c, long project, JsonNode body) {
        if (!c.projects.containsKey(project)) {
            return notFound("Project");
        }
        JsonNode f = body.path("prime_change_order");
        long contract = f.path("contract_id").asLong(-1);
        PrimeContract pc = c.primeContracts.get(contract);
        if (pc == null || pc.projectId != project) {
            return invalid(Map.of("contract_id", "must be a prime contract of the project"));
        }
        String status = f.path("status").asText("draft");
        if (!CHANGE_ORDER_STATUSES.contains(status)) {
            return invalid(Map.of("status", "is not included in the list"));
        }
        ChangeOrder co = new ChangeOrder();
        co.id = state.nextChangeOrderId++;
        co.projectId = project;
        co.contractId = contract;
        co.number = f.path("number").asText(Long.toString(co.id));
        co.title = textOrNull(f, "title");
        co.status = status;
        co.createdAt = co.updatedAt = now();
        c.changeOrders.put(co.id, co);
        changes.add(new SimHooks.Change(CHANGE_ORDERS, "create", co.id, co.projectId, co.contractId));
        return Reply.json(201, Json.write(changeOrderJson(co)));
    }

    private Reply updateChangeOrder(Company c, long project, long id, JsonNode body) {
        ChangeOrder co = c.changeOrders.get(id);
        if (co == null || co.projectId != project) {
            return notFound("Change order");
        }
        JsonNode f = body.path("prime_change_order");
        if (f.has("status")) {
            String status = f.path("status").asText();
            if (!CHANGE_ORDER_STATUSES.contains(status)) {
                return invalid(Map.of("status", "is not included in the list"));
            }
            co.status = status;
        }
        if (f.has("title")) {
            co.title = textOrNull(f, "title");
        }
        co.updatedAt = now();
        changes.add(new SimHooks.Change(CHANGE_ORDERS, "update", co.id, co.projectId, co.contractId));
        return Reply.json(200, Json.write(changeOrderJson(co)));
    }

    private static ObjectNode changeOrderJson(ChangeOrder co) {
        ObjectNode o = Json.object();
        o.put("id", co.id);
        o.put("number", co.number);
        o.put("title", co.title);
        o.put("status", co.status);
        o.put("contract_id", co.contractId);
        o.put("project_id", co.projectId);
        o.put("created_at", co.createdAt);
        o.put("updated_at", co.updatedAt);
        return o;
    }

    // ---------------------------------------------------------------- the control surface (not Procore's)

    private Reply control(LocalHttp.Request r, String path, Map<String, String> query) {
        JsonNode body = body(r);
        Matcher company = Pattern.compile("^/companies/([0-9]{1,18})$").matcher(path);
        if (company.matches() && r.method().equals("POST")) {
            synchronized (state) {
                long id = Long.parseLong(company.group(1));
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
        if (path.equals("/faults") && r.method().equals("POST")) {
            String method = textOrNull(body, "method");
            Pattern regex;
            try {
                regex = Pattern.compile(body.path("path").asText(".*"));
            } catch (java.util.regex.PatternSyntaxException e) {
                return invalid(Map.of("path", "is not a regular expression"));
            }
            String drop = textOrNull(body, "drop");
            if (drop != null && !drop.equals("before") && !drop.equals("after")) {
                return invalid(Map.of("drop", "must be null, \"before\" or \"after\""));
            }
            synchronized (faults) {
                faults.add(new Fault(textOrNull(body, "companyId"), method, regex, body.path("status").asInt(0),
                        body.path("delayMs").asLong(0), drop, new int[] {Math.max(1, body.path("count").asInt(1))},
                        Math.max(0, body.path("recordErrors").asInt(0)), Math.max(1, body.path("resetSeconds").asLong(2)),
                        new int[] {Math.max(0, body.path("skip").asInt(0))}));
            }
            return Reply.json(201, "{}");
        }
        if (path.equals("/faults") && r.method().equals("GET")) {
            synchronized (faults) {
                return Reply.json(200, "{\"pending\":" + faults.size() + "}");
            }
        }
        if (path.equals("/faults") && r.method().equals("DELETE")) {
            synchronized (faults) {
                faults.clear();
            }
            return Reply.json(200, "{}");
        }
        if (path.equals("/rate-limits") && r.method().equals("PUT")) {
            String only = textOrNull(body, "companyId");
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
        if (path.equals("/limits") && r.method().equals("PUT")) {
            perPageMax = body.path("perPageMax").asInt(perPageMax);
            syncMaxRecords = body.path("syncMaxRecords").asInt(syncMaxRecords);
            return Reply.json(200, "{\"perPageMax\":" + perPageMax + ",\"syncMaxRecords\":" + syncMaxRecords + "}");
        }
        if (path.equals("/webhooks") && r.method().equals("PUT")) {
            return Reply.json(200, Json.write(hooks.configure(body)));
        }
        if (path.equals("/webhooks") && r.method().equals("GET")) {
            return Reply.json(200, Json.write(hooks.settings()));
        }
        if (path.equals("/tokens") && r.method().equals("DELETE")) {
            tokens.clear();
            return Reply.json(200, "{}");
        }
        if (path.equals("/requests") && r.method().equals("GET")) {
            return Reply.json(200, Json.write(requestLog(query.get("company_id"))));
        }
        if (path.equals("/requests") && r.method().equals("DELETE")) {
            synchronized (requests) {
                requests.clear();
            }
            return Reply.json(200, "{}");
        }
        return notFound();
    }

    /** Counts by method and path template: {@code {"total": n, "throttled": n, "calls": {"GET /x": {...}}}}. */
    public ObjectNode requestLog(String companyId) {
        ObjectNode out = Json.object();
        ObjectNode calls = out.putObject("calls");
        long total = 0;
        long throttled = 0;
        synchronized (requests) {
            for (Map.Entry<String, Map<String, long[]>> c : requests.entrySet()) {
                if (companyId != null && !companyId.equals(c.getKey()) && !c.getKey().equals("login")) {
                    continue;
                }
                for (Map.Entry<String, long[]> e : c.getValue().entrySet()) {
                    ObjectNode n = calls.has(e.getKey()) ? (ObjectNode) calls.get(e.getKey()) : calls.putObject(e.getKey());
                    n.put("count", n.path("count").asLong(0) + e.getValue()[0]);
                    n.put("throttled", n.path("throttled").asLong(0) + e.getValue()[1]);
                    total += e.getValue()[0];
                    throttled += e.getValue()[1];
                }
            }
        }
        out.put("total", total);
        out.put("throttled", throttled);
        return out;
    }

    private void count(String company, String template, boolean throttled) {
        synchronized (requests) {
            long[] n = requests.computeIfAbsent(company, k -> new TreeMap<>()).computeIfAbsent(template, k -> new long[2]);
            n[0]++;
            if (throttled) {
                n[1]++;
            }
        }
    }

    private Fault takeFault(String companyId, String method, String path) {
        synchronized (faults) {
            for (Fault f : faults) {
                if ((f.companyId() == null || f.companyId().equals(companyId))
                        && (f.method() == null || f.method().equalsIgnoreCase(method)) && f.path().matcher(path).find()) {
                    if (f.skip()[0] > 0) {
                        f.skip()[0]--; // this one goes through: the fault is for a later matching call
                        continue;
                    }
                    if (--f.count()[0] <= 0) {
                        faults.remove(f);
                    }
                    return f;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    /** A page of a list: {@code page} (1-based) and {@code per_page}, with {@code Total}, {@code Per-Page} and {@code Link}. */
    private <T> Reply page(List<T> all, Map<String, String> q, java.util.function.Function<T, ObjectNode> json) {
        int perPage = Math.min(perPageMax, Math.max(1, parse(q.get("per_page"), DEFAULT_PER_PAGE)));
        int page = Math.max(1, parse(q.get("page"), 1));
        int from = Math.min(all.size(), (page - 1) * perPage);
        ArrayNode items = Json.MAPPER.createArrayNode();
        all.subList(from, Math.min(all.size(), from + perPage)).forEach(t -> items.add(json.apply(t)));
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Total", Integer.toString(all.size()));
        headers.put("Per-Page", Integer.toString(perPage));
        List<String> links = new ArrayList<>();
        if (page < last) {
            links.add("<?page=" + (page + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
            links.add("<?page=" + last + "&per_page=" + perPage + ">; rel=\"last\"");
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(", ", links));
        }
        return withHeaders(Reply.json(200, Json.write(items)), headers);
    }

    private Long projectParam(Company c, Map<String, String> q) {
        try {
            long id = Long.parseLong(q.getOrDefault("project_id", "-1"));
            return c.projects.containsKey(id) ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Reply projectMissing(Map<String, String> q) {
        return q.containsKey("project_id") ? notFound("Project")
                : Reply.json(400, "{\"errors\":\"project_id is required\"}");
    }

    private PrimeContract contractIn(Company c, Map<String, String> q, long id) {
        Long project = projectParam(c, q);
        PrimeContract pc = c.primeContracts.get(id);
        return pc == null || project == null || pc.projectId != project ? null : pc;
    }

    private String now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static Reply notFound() {
        return Reply.json(404, "{\"errors\":\"Not Found\"}");
    }

    private static Reply notFound(String what) {
        return Reply.json(404, "{\"errors\":\"" + what + " not found\"}");
    }

    private static Reply invalid(Map<String, String> errors) {
        ObjectNode o = Json.object();
        ObjectNode e = o.putObject("errors");
        errors.forEach((field, message) -> e.putArray(field).add(message));
        return Reply.json(422, Json.write(o));
    }

    private static Reply withHeaders(Reply reply, Map<String, String> headers) {
        Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(reply.headers());
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        return new Reply(reply.status(), all, reply.body());
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }

    private static JsonNode body(LocalHttp.Request r) {
        if (r.body().length == 0) {
            return Json.object();
        }
        try {
            return Json.read(r.body());
        } catch (Json.MalformedJsonException e) {
            return Json.object();
        }
    }

    private static int parse(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String textOrNull(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A decimal given as Procore takes one: a string or a JSON number. */
    static BigDecimal decimal(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
