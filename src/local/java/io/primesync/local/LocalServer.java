package io.primesync.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API of template.yaml on 127.0.0.1, served by the real handler classes behind an emulation of what API
 * Gateway does in front of them: routing by the template's paths and methods, the TOKEN authorizer, the 10 MiB
 * body limit, the proxy event built and read with the Lambda runtime's own serializers, the template's gateway
 * responses. Started by {@code Main serve} and by tests.
 */
public final class LocalServer implements AutoCloseable {
    /** API Gateway's limit on a request body. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    private static final int THREADS = 32;
    /** How much of a too-large body is read and dropped before the connection is given up instead. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    /**
     * @param port the port, 0 for a free one
     * @param dataDir the data directory, or null for memory only
     * @param demo whether to load the demo company (see {@link DemoData})
     * @param template the template.yaml to serve
     * @param engineDir where the local engine is installed
     * @param out the request log (one line per request)
     * @param err function and server logs
     */
    public record Options(int port, Path dataDir, boolean demo, Path template, Path engineDir, PrintStream out,
            PrintStream err) {
        public static final int DEFAULT_PORT = 3000;
        public static final Path DEFAULT_DATA_DIR = Path.of(".primesync", "data");

        public static Options defaults() {
            return new Options(DEFAULT_PORT, DEFAULT_DATA_DIR, false, Template.defaultPath(),
                    Path.of(System.getProperty("primesync.buildDir", "target"), "dynalite"), System.out, System.err);
        }

        public Options withPort(int value) {
            return new Options(value, dataDir, demo, template, engineDir, out, err);
        }

        public Options withDataDir(Path value) {
            return new Options(port, value, demo, template, engineDir, out, err);
        }

        public Options inMemory() {
            return withDataDir(null);
        }

        public Options withDemo(boolean value) {
            return new Options(port, dataDir, value, template, engineDir, out, err);
        }

        public Options withTemplate(Path value) {
            return new Options(port, dataDir, demo, value, engineDir, out, err);
        }

        public Options withEngineDir(Path value) {
            return new Options(port, dataDir, demo, template, value, out, err);
        }

        public Options withLogs(PrintStream requestLog, PrintStream errorLog) {
            return new Options(port, dataDir, demo, template, engineDir, requestLog, errorLog);
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
    private final HttpServer http;
    private final ExecutorService executor;
    private final LocalApi api;
    private final ProxyEvents events;
    private final GatewayResponses responses;
    private final Map<String, LambdaFunction> functions;
    private final TokenAuthorizer authorizer;
    private DemoData.Loaded demo;

    private LocalServer(Options options, LocalRuntime runtime, HttpServer http) {
        this.options = options;
        this.runtime = runtime;
        this.http = http;
        this.api = runtime.api();
        this.events = new ProxyEvents(api);
        this.responses = new GatewayResponses(api);
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
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "local-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
    }

    /** Binds the port, starts the engine, builds every function, serves; loads the demo when asked. */
    public static LocalServer start(Options options) throws IOException {
        // The JDK server writes a response's head and body separately; with Nagle's algorithm on, a keep-alive
        // client's delayed ACK then holds every response back by tens of milliseconds.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        } catch (BindException e) {
            throw new PortInUseException(options.port(), e);
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(options.template(), options.engineDir(), options.dataDir());
        } catch (IOException | RuntimeException e) {
            http.stop(0);
            throw e;
        }
        LocalServer server;
        try {
            server = new LocalServer(options, runtime, http);
        } catch (RuntimeException e) {
            http.stop(0);
            runtime.close();
            throw e;
        }
        http.start();
        if (options.demo()) {
            try {
                server.demo = DemoData.load(server.baseUri(), LocalRuntime.environment(
                        server.api.function(server.webhookFunctionId())), options.err());
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        }
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}; the routes are below it, with or without the stage ({@code /v1}). */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String stage() {
        return api.stage();
    }

    /** What {@code --demo} loaded, or null. */
    public DemoData.Loaded demo() {
        return demo;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }

    private String webhookFunctionId() {
        return api.routes().stream().filter(r -> r.resource().startsWith("/webhooks/")).map(LocalApi.Route::functionId)
                .findFirst().orElseThrow(() -> new IllegalStateException("template.yaml has no /webhooks/ route"));
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        Reply reply;
        try {
            reply = serve(exchange, method, requestId);
        } catch (RuntimeException | IOException e) {
            options.err().println("request " + requestId + " failed in the local server: " + e);
            e.printStackTrace(options.err());
            reply = responses.integrationFailure(requestId);
        }
        try {
            write(exchange, method, reply);
        } catch (IOException e) {
            options.err().println("request " + requestId + ": the response could not be written: " + e);
        } finally {
            exchange.close();
        }
        options.out().printf(Locale.ROOT, "%s %s %d %d ms%n", method, path, reply.status(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private Reply serve(HttpExchange exchange, String method, String requestId) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        LocalApi.Match match = api.match(method, rawPath);
        if (match instanceof LocalApi.NoRoute) {
            return responses.notFound(requestId);
        }
        if (match instanceof LocalApi.WrongMethod wrong) {
            return responses.methodNotAllowed(method, wrong.allowed(), requestId);
        }
        LocalApi.Found found = (LocalApi.Found) match;
        byte[] body = readBody(exchange);
        if (body == null) {
            return responses.tooLarge(requestId);
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        ProxyEvents.Request request = new ProxyEvents.Request(method, rawPath, exchange.getRequestURI().getRawQuery(),
                headers(exchange.getRequestHeaders()), body, remote.getAddress().getHostAddress(),
                "127.0.0.1:" + port(), port(), requestId, Instant.now());

        Map<String, Object> authorizerContext = null;
        if (found.route().authorized()) {
            String token = exchange.getRequestHeaders().getFirst(authorizer.header());
            TokenAuthorizer.Outcome outcome = authorizer.authorize(token, events.methodArn(request), requestId);
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
            return proxyResponse(result.json(), requestId);
        } catch (IllegalArgumentException e) {
            options.err().println(function.logicalId() + " " + requestId
                    + ": malformed Lambda proxy response: " + e.getMessage());
            return responses.integrationFailure(requestId);
        }
    }

    /**
     * The body, or null when it is larger than API Gateway accepts. The rest of a body that is too large is
     * read and dropped (up to a bound), so that the client reads the 413 instead of a reset connection.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length <= MAX_BODY) {
                return body;
            }
            in.skipNBytes(Math.min(DRAIN_LIMIT, Math.max(0, declaredLength(exchange) - body.length)));
            return null;
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    private static long declaredLength(HttpExchange exchange) {
        try {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            return length == null ? DRAIN_LIMIT : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, List<String>> headers(Headers headers) {
        Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> out.put(name, List.copyOf(values)));
        return out;
    }

    /**
     * API Gateway's reading of a proxy response: an object with an integer {@code statusCode} and optional
     * {@code headers}, {@code multiValueHeaders}, {@code body} (a string) and {@code isBase64Encoded}; anything
     * else is a malformed response and a 502.
     */
    static Reply proxyResponse(byte[] json, String requestId) {
        Map<String, Object> response = LocalJson.readMap(json);
        for (String key : response.keySet()) {
            if (!List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies")
                    .contains(key)) {
                throw new IllegalArgumentException("unexpected field " + key);
            }
        }
        if (!(response.get("statusCode") instanceof Integer status) || status < 100 || status > 599) {
            throw new IllegalArgumentException("statusCode must be an integer status, not " + response.get("statusCode"));
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, Object> h : Template.map(response.get("multiValueHeaders")).entrySet()) {
            for (Object v : Template.list(h.getValue())) {
                headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(String.valueOf(v));
            }
        }
        for (Map.Entry<String, Object> h : Template.map(response.get("headers")).entrySet()) {
            List<String> values = headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>());
            String value = String.valueOf(h.getValue());
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        headers.putIfAbsent("Content-Type", List.of("application/json"));
        headers.put("x-amzn-RequestId", List.of(requestId));
        Object body = response.get("body");
        if (body != null && !(body instanceof String)) {
            throw new IllegalArgumentException("body must be a string");
        }
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(response.get("isBase64Encoded"))) {
            bytes = Base64.getDecoder().decode((String) body);
        } else {
            bytes = ((String) body).getBytes(StandardCharsets.UTF_8);
        }
        return new Reply(status, headers, bytes);
    }

    private static void write(HttpExchange exchange, String method, Reply reply) throws IOException {
        Headers out = exchange.getResponseHeaders();
        reply.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                out.put(name, new ArrayList<>(values));
            }
        });
        boolean noBody = reply.body().length == 0 || method.equals("HEAD") || reply.status() == 204
                || reply.status() == 304;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }
}
