package io.primesync.local;

import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import io.primesync.local.spectrum.LocalSpectrum;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API of template.yaml on 127.0.0.1, served by the real handler classes behind an emulation of what API
 * Gateway does in front of them: routing by the template's paths and methods, the TOKEN authorizer, the 10 MiB
 * body limit, the proxy event built and read with the Lambda runtime's own serializers, the template's gateway
 * responses. Every answer is problem+json when it is an error, whoever gave it, and every request is in the request
 * log. Started by {@code Main serve} and by tests.
 */
public final class LocalServer implements AutoCloseable {
    /** API Gateway's limit on a request body. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    /** API Gateway's limits: 10 KB for the request line and for the headers (CloudFront answers beyond them). */
    static final int MAX_REQUEST_LINE = 10 * 1024;
    static final int MAX_HEADERS = 10 * 1024;
    private static final int THREADS = 32;

    /**
     * @param port the port, 0 for a free one
     * @param dataDir the data directory, or null for memory only
     * @param demo whether to load the demo company (see {@link DemoLoader})
     * @param template the template.yaml to serve
     * @param engineDir where the local engine is installed
     * @param out the request log (one line per request)
     * @param err function and server logs
     * @param spectrum the local Spectrum and its agent
     */
    public record Options(int port, Path dataDir, boolean demo, Path template, Path engineDir, PrintStream out,
            PrintStream err, int procorePort, Duration schedulePeriod, boolean throttled, Spectrum spectrum) {
        public static final int DEFAULT_PORT = 3000;
        public static final Path DEFAULT_DATA_DIR = Path.of(".primesync", "data");
        /** The simulator's port when none is given: the API's port + 1 (a free one when the API's is). */
        public static final int NEXT_PORT = -1;

        public static Options defaults() {
            return new Options(DEFAULT_PORT, DEFAULT_DATA_DIR, false, Template.defaultPath(),
                    Path.of(System.getProperty("primesync.buildDir", "target"), "dynalite"), System.out, System.err,
                    NEXT_PORT, null, true, Spectrum.defaults());
        }

        public Options withPort(int value) {
            return new Options(value, dataDir, demo, template, engineDir, out, err, procorePort, schedulePeriod, throttled,
                    spectrum);
        }

        public Options withDataDir(Path value) {
            return new Options(port, value, demo, template, engineDir, out, err, procorePort, schedulePeriod, throttled,
                    spectrum);
        }

        public Options inMemory() {
            return withDataDir(null);
        }

        public Options withDemo(boolean value) {
            return new Options(port, dataDir, value, template, engineDir, out, err, procorePort, schedulePeriod, throttled,
                    spectrum);
        }

        public Options withTemplate(Path value) {
            return new Options(port, dataDir, demo, value, engineDir, out, err, procorePort, schedulePeriod, throttled,
                    spectrum);
        }

        public Options withEngineDir(Path value) {
            return new Options(port, dataDir, demo, template, value, out, err, procorePort, schedulePeriod, throttled,
                    spectrum);
        }

        public Options withLogs(PrintStream requestLog, PrintStream errorLog) {
            return new Options(port, dataDir, demo, template, engineDir, requestLog, errorLog, procorePort, schedulePeriod,
                    throttled, spectrum);
        }

        public Options withProcorePort(int value) {
            return new Options(port, dataDir, demo, template, engineDir, out, err, value, schedulePeriod, throttled,
                    spectrum);
        }

        /** Every schedule of the template on this period instead of its own (tests, and serve --schedule-period). */
        public Options withSchedulePeriod(Duration value) {
            return new Options(port, dataDir, demo, template, engineDir, out, err, procorePort, value, throttled, spectrum);
        }

        /** API Gateway's throttling of the routes as the template sets it (on unless a test measures something else). */
        public Options withThrottling(boolean value) {
            return new Options(port, dataDir, demo, template, engineDir, out, err, procorePort, schedulePeriod, value, spectrum);
        }

        /** The local Spectrum's port and the agent's period and companies. */
        public Options withSpectrum(Spectrum value) {
            return new Options(port, dataDir, demo, template, engineDir, out, err, procorePort, schedulePeriod, throttled,
                    value);
        }

        int simulatorPort() {
            return procorePort != NEXT_PORT ? procorePort : port == 0 ? 0 : port + 1;
        }
    }

    /**
     * The local Spectrum and the agent that reads it.
     *
     * @param port its port, {@link Options#NEXT_PORT} for the API's + 2 (a free one when the API's is)
     * @param agentPeriod how often the agent polls
     * @param companies Spectrum company code → Procore company id, the companies the agent reads (with the demo and
     *     none given, Spectrum company {@link DemoData#SPECTRUM_COMPANY} is the demo's)
     */
    public record Spectrum(int port, Duration agentPeriod, Map<String, String> companies) {
        public static Spectrum defaults() {
            return new Spectrum(Options.NEXT_PORT, Duration.ofSeconds(5), Map.of());
        }

        public Spectrum withPort(int value) {
            return new Spectrum(value, agentPeriod, companies);
        }

        public Spectrum withAgentPeriod(Duration value) {
            return new Spectrum(port, value, companies);
        }

        public Spectrum withCompany(String code, String procoreCompanyId) {
            Map<String, String> all = new java.util.LinkedHashMap<>(companies);
            all.put(code, procoreCompanyId);
            return new Spectrum(port, agentPeriod, java.util.Collections.unmodifiableMap(all));
        }
    }

    /** The port cannot be bound. */
    public static final class PortInUseException extends IOException {
        PortInUseException(int port, Throwable cause) {
            super("Port " + port + " is in use; pass --port N", cause);
        }
    }

    private final Options options;
    private final LocalRuntime runtime;
    private final LocalHttp http;
    private final LocalApi api;
    private final ProxyEvents events;
    private final GatewayResponses responses;
    private final Map<String, LambdaFunction> functions;
    private final TokenAuthorizer authorizer;
    private final WebAssets web;
    private final Throttles throttles;
    private LocalEvents localEvents;
    private LocalSpectrum spectrum;
    private Path agentStateDir;
    /** Whether the agent's state is a run's own, in memory as the rest: deleted when the server stops. */
    private boolean agentStateTemporary;
    private Map<String, String> spectrumCompanies = Map.of();
    private int port;
    private DemoLoader.Loaded demo;
    /** Where the request log goes: standard output, or the demo's load log while the demo is loaded. */
    private volatile PrintStream requestLog;
    private final AtomicInteger requestsLogged = new AtomicInteger();
    private int demoRequests;

    private LocalServer(Options options, LocalRuntime runtime) {
        this.requestLog = options.out();
        this.options = options;
        this.runtime = runtime;
        this.api = runtime.api();
        this.events = new ProxyEvents(api);
        this.responses = new GatewayResponses(api);
        this.throttles = options.throttled() ? Throttles.from(runtime.template()) : Throttles.none();
        this.web = WebAssets.beside(options.template(), runtime.identity().baseUri());
        this.functions = new LinkedHashMap<>();
        for (LocalApi.Route route : api.routes()) {
            functions.computeIfAbsent(route.functionId(), runtime::function);
        }
        LocalApi.AuthorizerSpec spec = api.authorizer();
        if (spec != null) {
            LambdaFunction function = functions.computeIfAbsent(spec.functionId(), runtime::function);
            this.authorizer = new TokenAuthorizer(spec, function, responses, options.err());
        } else {
            this.authorizer = null;
        }
        // Construct every handler now: one that cannot start fails the start-up, not somebody's first request.
        functions.values().forEach(LambdaFunction::warm);
        this.http = LocalHttp.create("local-api", this::handle, this::reject,
                new LocalHttp.Limits(MAX_REQUEST_LINE, MAX_HEADERS, MAX_BODY), THREADS);
    }

    /**
     * Starts the engine, builds every function, loads the demo when asked (through a private port), and only then
     * listens on the port: whoever can connect finds the server ready.
     */
    public static LocalServer start(Options options) throws IOException {
        LocalRuntime runtime = LocalRuntime.start(options.template(), options.engineDir(), options.dataDir(),
                options.simulatorPort());
        LocalServer server;
        try {
            server = new LocalServer(options, runtime);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        try {
            server.localEvents = new LocalEvents(runtime, server.functions, options.schedulePeriod(), options.err());
            server.startSpectrum();
            if (options.demo()) {
                if (runtime.procore() == null) {
                    throw new IOException("--demo makes the demo company's projects and contracts in the local Procore"
                            + " simulator, but PROCORE_API_URL points at another Procore (" + runtime.procoreUri() + "):"
                            + " serve without --demo there, or unset PROCORE_API_URL.");
                }
                server.loadDemo();
            }
            try {
                server.port = server.http.listen(options.port());
            } catch (BindException e) {
                throw new PortInUseException(options.port(), e);
            }
            if (options.demo()) {
                runtime.identity().allowSignIn(WEB_CLIENT_ID, List.of(server.baseUri() + "/",
                        "http://localhost:" + server.port() + "/"), DemoData.users());
                // Procore's webhook now delivers to the port the server listens on
                DemoLoader.pointHook(runtime.procore().baseUri(), server.baseUri().resolve(Route.PROCORE_WEBHOOK.path()),
                        LocalRuntime.environment(server.api.function(server.webhookFunctionId()), runtime));
            }
            server.runAgent();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}; the routes are below it, with or without the stage ({@code /v1}). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String stage() {
        return api.stage();
    }

    LocalRuntime runtime() {
        return runtime;
    }

    /** What {@code --demo} loaded, or null. */
    public DemoLoader.Loaded demo() {
        return demo;
    }

    /** The Procore the functions write to: the simulator, or the one PROCORE_API_URL names. */
    public URI procoreUri() {
        return runtime.procoreUri();
    }

    /** Whether the functions write to the local simulator (not to a Procore PROCORE_API_URL names). */
    public boolean simulatesProcore() {
        return runtime.procore() != null;
    }

    /**
     * Completes, with a sentence that says so, when an engine the product needs stops while the server runs: the local
     * DynamoDB engine is a process of its own, and without it every request would be a 503.
     */
    public CompletableFuture<String> engineStopped() {
        return runtime.engine().stoppedUnexpectedly().thenApply(code -> "The local DynamoDB engine (dynalite) stopped"
                + " with exit code " + code + ", so every request would fail.");
    }

    @Override
    public void close() {
        http.close();
        if (localEvents != null) {
            localEvents.close();
        }
        if (spectrum != null) {
            try {
                spectrum.close();
            } catch (SQLException e) {
                options.err().println("The local Spectrum did not close cleanly: " + e.getMessage());
            }
        }
        if (agentStateTemporary) {
            try {
                LocalFiles.deleteTree(agentStateDir);
            } catch (IOException e) {
                // a temporary directory the system clears in time
            }
        }
        runtime.close();
    }

    /**
     * Starts the local Spectrum: in memory with the rest, or in its directory beside the data directory (so a restart
     * keeps what was written to it, and the agent's state that goes with it).
     */
    private void startSpectrum() throws IOException {
        Spectrum s = options.spectrum();
        int at = s.port() != Options.NEXT_PORT ? s.port() : options.port() == 0 ? 0 : options.port() + 2;
        Path dir = options.dataDir() == null ? null : LocalRuntime.spectrumDir(options.dataDir());
        if (dir != null) {
            Files.createDirectories(dir);
        }
        spectrum = LocalSpectrum.start(at, dir == null ? null : dir.resolve("spectrum"));
        agentStateDir = dir == null ? Files.createTempDirectory("primesync-agent") : dir.resolve("agent");
        agentStateTemporary = dir == null;
        spectrumCompanies = s.companies().isEmpty() && options.demo()
                ? Map.of(DemoData.SPECTRUM_COMPANY, DemoData.COMPANY) : s.companies();
    }

    /** The agent reading the local Spectrum every period for each company, from the state the demo left. */
    private void runAgent() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        spectrumCompanies.values().forEach(c -> secrets.put(c, webhookSecret(Source.SPECTRUM, c)));
        spectrum.runAgent(spectrumCompanies, baseUri().resolve(Route.SPECTRUM_WEBHOOK.path()), secrets,
                options.spectrum().agentPeriod(), agentStateDir, line -> options.err().println(agentLine(line)));
    }

    /** One of the agent's log lines, as the functions' are: JSON. */
    private static String agentLine(String message) {
        return Json.write(Json.object().put("timestamp", Instant.now().toString()).put("level", "INFO")
                .put("logger", "spectrum-agent").put("message", message));
    }

    /** The local Spectrum. */
    public LocalSpectrum spectrum() {
        return spectrum;
    }

    /** The Spectrum companies the agent reads, code → Procore company id. */
    public Map<String, String> spectrumCompanies() {
        return spectrumCompanies;
    }

    /** The secret the webhook function takes from a company's sender (the agent signs with it). */
    public String webhookSecret(Source source, String companyId) {
        return LocalSettings.secretFor(LocalRuntime.environment(api.function(webhookFunctionId()), runtime), source,
                companyId);
    }

    private String webhookFunctionId() {
        return api.routes().stream().filter(r -> r.resource().startsWith("/webhooks/")).map(LocalApi.Route::functionId)
                .findFirst().orElseThrow(() -> new IllegalStateException("template.yaml has no /webhooks/ route"));
    }

    private Reply handle(LocalHttp.Request request) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Reply reply;
        try {
            reply = serve(request, requestId);
        } catch (RuntimeException e) {
            options.err().println("request " + requestId + " failed in the local server: " + e);
            e.printStackTrace(options.err());
            reply = responses.integrationFailure(requestId);
        }
        logRequest(request.method(), request.rawPath(), reply.status(), start);
        return reply;
    }

    static final String OPENAPI_PATH = "/openapi.json";

    private Reply openApi() {
        Path file = options.template().toAbsolutePath().getParent().resolve("openapi.json");
        try {
            return Reply.of(200, Map.of("Content-Type", "application/json", "Cache-Control", "no-cache"),
                    Files.readString(file));
        } catch (IOException e) {
            return Reply.json(404, "{\"code\":\"NOT_FOUND\",\"detail\":\"openapi.json is not beside template.yaml\"}");
        }
    }

    /** What API Gateway (or CloudFront before it) answers to a request it cannot take; logged like any other. */
    private Reply reject(int status, String method, String target, String why) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Reply reply = switch (status) {
            case 413 -> responses.tooLarge(requestId);
            case 414 -> responses.problem(414, "URI_TOO_LONG", "URI Too Long",
                    "The request line is longer than the " + MAX_REQUEST_LINE + " bytes the API accepts.", requestId);
            case 431 -> responses.problem(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large",
                    "The request headers are larger than the " + MAX_HEADERS + " bytes the API accepts.", requestId);
            case 500 -> responses.integrationFailure(requestId);
            default -> responses.problem(400, "BAD_REQUEST", "Bad Request",
                    "The request is not valid HTTP/1.1.", requestId);
        };
        if (status == 500) {
            options.err().println("request " + requestId + " failed in the local server: " + why);
        }
        String path = target == null ? "-" : target.split("\\?", 2)[0];
        logRequest(method == null ? "-" : method, path.length() > 200 ? path.substring(0, 200) + "..." : path,
                reply.status(), start);
        return reply;
    }

    private void logRequest(String method, String path, int status, long start) {
        requestsLogged.incrementAndGet();
        requestLog.printf(Locale.ROOT, "%s %s %d %d ms%n", method, path, status, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Loads the demo through the API on a private port. What the requests and the functions log while it loads is
     * hundreds of lines nobody reads before the server is ready: it goes to {@link DemoInstructions#LOAD_LOG}, and
     * the terminal gets its count.
     */
    private void loadDemo() throws IOException {
        Files.createDirectories(DemoInstructions.LOAD_LOG.toAbsolutePath().getParent());
        int before = requestsLogged.get();
        PrintStream stdout = System.out;
        try (PrintStream file = new PrintStream(Files.newOutputStream(DemoInstructions.LOAD_LOG), true,
                StandardCharsets.UTF_8)) {
            requestLog = file;
            System.setOut(file);
            int loading = http.listen(0);
            demo = DemoLoader.load(URI.create("http://127.0.0.1:" + loading), runtime.procore().baseUri(),
                    runtime.identity(), LocalRuntime.environment(api.function(webhookFunctionId()), runtime),
                    demoSpectrum(), options.err());
            http.stopListening(loading);
        } finally {
            System.setOut(stdout);
            requestLog = options.out();
        }
        demoRequests = requestsLogged.get() - before;
    }

    /** The demo's side of the local Spectrum, with the agent's state the agent of this server goes on from. */
    DemoSpectrum demoSpectrum() {
        return DemoSpectrum.of(spectrum, agentStateDir);
    }

    /** How many requests loading the demo made (their log is in {@link DemoInstructions#LOAD_LOG}). */
    public int demoRequests() {
        return demoRequests;
    }

    static final String WEB_CONFIG_PATH = "/config.json";
    /** Where a schedule of the template is run at once, locally ({@code POST /_local/schedules/ReconcileSchedule}). */
    static final String SCHEDULES_PATH = "/_local/schedules/";

    /**
     * Runs a schedule of the template now and answers what its function answered: what a demo or a person trying
     * the product waits a period for otherwise. Not a route of the API, and not in AWS (where the rule's own test
     * event does it).
     */
    private Reply runSchedule(LocalHttp.Request http, String requestId) {
        String name = http.rawPath().substring(SCHEDULES_PATH.length());
        if (!http.method().equals("POST")) {
            return responses.problem(405, "METHOD_NOT_ALLOWED", "Method Not Allowed",
                    "Run a schedule with POST " + SCHEDULES_PATH + "{name}.", requestId);
        }
        try {
            return localEvents.runNow(name)
                    .map(answer -> Reply.json(200, new String(answer, StandardCharsets.UTF_8)))
                    .orElseGet(() -> responses.problem(404, "NOT_FOUND", "Not Found", "template.yaml has no schedule "
                            + name + "; it has " + String.join(", ", localEvents.schedules()) + ".", requestId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return responses.problem(503, "SERVICE_UNAVAILABLE", "Service Unavailable", "The server is stopping.",
                    requestId);
        } catch (ExecutionException e) {
            return responses.problem(500, "INTERNAL", "Internal Server Error", "The schedule's function failed: "
                    + e.getCause(), requestId);
        }
    }

    /**
     * What the page needs to know of where it runs: the API on its own origin, and how to sign in. With the demo,
     * its users to pick from, with tokens signed now (the local identity provider's, which only the local API
     * trusts); without it, a token pasted by hand. In AWS a CloudFront function answers this path from the stack's
     * parameters (template.yaml, WebConfigFunction).
     */
    private Reply webConfig() {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (demo != null) {
            List<Map<String, String>> users = new ArrayList<>();
            Instant expires = Instant.now().plus(Duration.ofDays(1));
            for (var user : DemoData.users()) {
                users.add(Map.of("id", user.id(), "name", user.subject(), "description", user.description(),
                        "token", runtime.identity().sign(user, expires)));
            }
            auth.put("users", users);
            // the sign-in a deployed page does, against the local identity provider
            auth.put("oidc", Map.of("issuer", runtime.identity().baseUri(), "clientId", WEB_CLIENT_ID,
                    "scope", "openid", "tokenUse", "access_token"));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiBase", "");
        config.put("auth", auth);
        return web.reply(200, "application/json", LocalJson.bytes(config));
    }

    private boolean localHost(String host) {
        return host != null && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port));
    }

    /** The web page's client at the local identity provider. */
    static final String WEB_CLIENT_ID = "primesync-web-local";

    private Reply serve(LocalHttp.Request http, String requestId) {
        if (http.rawPath().startsWith(SCHEDULES_PATH)) {
            return runSchedule(http, requestId);
        }
        if (http.method().equals("GET") && http.rawPath().equals(OPENAPI_PATH)) {
            // the API's description, beside the API (not a route of the template: API Gateway has its own export)
            return openApi();
        }
        boolean config = http.method().equals("GET") && http.rawPath().equals(WEB_CONFIG_PATH);
        Reply asset = http.method().equals("GET") && !config ? web.find(http.rawPath()) : null;
        if (config || asset != null) {
            // the web page, on the API's origin as CloudFront puts it in AWS; only for this server's own names, so a
            // page elsewhere that rebinds its host name to 127.0.0.1 cannot read the demo's tokens
            if (!localHost(http.header("Host"))) {
                return responses.problem(421, "MISDIRECTED_REQUEST", "Misdirected Request",
                        "The web page is served on 127.0.0.1:" + port + " and localhost:" + port + " only.", requestId);
            }
            return config ? webConfig() : asset;
        }
        LocalApi.Match match = api.match(http.method(), http.rawPath());
        if (!(match instanceof LocalApi.Found found)) {
            // API Gateway cannot tell a known path with another method from an unknown path: both are
            // MISSING_AUTHENTICATION_TOKEN, which template.yaml turns into a 404 problem.
            return responses.notFound(requestId);
        }
        if (!throttles.admit(found.route().method(), found.route().resource())) {
            return responses.throttled(requestId);
        }
        ProxyEvents.Request request = new ProxyEvents.Request(http.method(), http.rawPath(), http.rawQuery(),
                http.headers(), http.body(), http.remoteAddress(), "127.0.0.1:" + http.localPort(), http.localPort(),
                requestId, Instant.now());

        Map<String, Object> authorizerContext = null;
        if (found.route().authorized()) {
            TokenAuthorizer.Outcome outcome = authorizer.authorize(http.header(authorizer.header()),
                    events.methodArn(request), requestId);
            if (outcome instanceof TokenAuthorizer.Refused refused) {
                return refused.reply();
            }
            authorizerContext = ((TokenAuthorizer.Allowed) outcome).context();
        }

        LambdaFunction function = functions.get(found.route().functionId());
        byte[] event = LocalJson.bytes(events.event(request, found.route(), found.pathParameters(), authorizerContext));
        if (event.length > LambdaFunction.PAYLOAD_LIMIT) {
            // Lambda refuses an invocation payload over 6 MB, before the handler runs.
            return responses.tooLarge(requestId);
        }
        LambdaFunction.Result result = function.invoke(event, new LocalContext(requestId, function, options.err()));
        if (result.failed()) {
            options.err().println(function.logicalId() + " " + requestId + " failed: " + result.text());
            return responses.integrationFailure(requestId);
        }
        try {
            return ProxyEvents.reply(result.json(), requestId);
        } catch (IllegalArgumentException e) {
            options.err().println(function.logicalId() + " " + requestId
                    + ": malformed Lambda proxy response: " + e.getMessage());
            return responses.integrationFailure(requestId);
        }
    }
}
