package io.primesync.procore;

import io.primesync.logging.Log;
import io.primesync.procore.ProcoreRecords.Line;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The Procore path of a function, exercised before a SnapStart snapshot without the network: a {@link ProcoreClient}
 * of its own, whose HTTP client is an in-process stand-in answering as Procore answers (a token, a project's prime
 * contracts, a page of line items, a sync with one record refused, change orders, a 429 and its retry), from the
 * resources under {@code /priming/procore/}. The client's real request building, pacing and parsing run; nothing of
 * it is kept (its token, its connections, its rate-limit state are its own and dropped), and no company's data is
 * read.
 */
public final class ProcorePriming {
    static final String COMPANY = "0";
    static final String PROJECT = "1";
    static final String PRIME_CONTRACT = "2";
    private static final URI BASE = URI.create("https://procore.priming.invalid");

    private ProcorePriming() {}

    /** What one run read from the stand-in, as the client parsed it. */
    record Exercised(int primeContracts, List<Line> lines, ProcoreRecords.SyncOutcome sync, int changeOrders) {}

    /** Runs the Procore path once against the stand-in. A failure is logged and ignored: priming must never block. */
    public static void exercise() {
        try {
            run(CallListener.NONE);
        } catch (RuntimeException e) {
            Log.warn("Procore priming failed", "error", e.getClass().getName(), "message", e.getMessage());
        }
    }

    /** The Procore path once, with a client of its own on the stand-in, dropped at the end. */
    static Exercised run(CallListener listener) {
        ProcoreConfig config = ProcoreConfig.forPriming(BASE, "priming", () -> "priming");
        ProcoreClient client = new ProcoreClient(new ProcoreHttp(config, Clock.systemUTC(), listener, millis -> { },
                new StandIn()));
        int primeContracts = client.primeContracts(COMPANY, PROJECT).size();
        // the first page is refused with a 429 that has already reset: the client waits it out and asks again
        List<Line> lines = client.lineItems(COMPANY, PROJECT, PRIME_CONTRACT);
        ProcoreRecords.SyncOutcome sync = client.syncLineItems(COMPANY, PROJECT, PRIME_CONTRACT, List.of(lines.get(0),
                new Line(null, "priming:new", "Priming line", new BigDecimal("10.00"), null, null, null, null)));
        int changeOrders = client.changeOrders(COMPANY, PROJECT).size();
        return new Exercised(primeContracts, lines, sync, changeOrders);
    }

    /** Procore's answers to the calls above, in process. */
    static final class StandIn extends HttpClient {
        private int lineItemCalls;

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
            String path = request.uri().getPath();
            String method = request.method();
            int status = 200;
            String resource;
            Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"),
                    "X-Rate-Limit-Limit", List.of("3600"), "X-Rate-Limit-Remaining", List.of("3599"),
                    "X-Rate-Limit-Reset", List.of(Long.toString(System.currentTimeMillis() / 1000 + 3600)));
            if (path.equals("/oauth/token") && method.equals("POST")) {
                resource = "token.json";
            } else if (path.equals("/rest/v1.0/prime_contracts") && method.equals("GET")) {
                resource = "prime-contracts.json";
            } else if (path.endsWith("/line_items/sync") && method.equals("PATCH")) {
                resource = "line-items-sync.json";
            } else if (path.endsWith("/line_items") && method.equals("GET")) {
                if (lineItemCalls++ == 0) {
                    status = 429;
                    resource = "rate-limited.json";
                    headers = Map.of("Content-Type", List.of("application/json"), "X-Rate-Limit-Limit", List.of("3600"),
                            "X-Rate-Limit-Remaining", List.of("0"),
                            "X-Rate-Limit-Reset", List.of(Long.toString(System.currentTimeMillis() / 1000 - 1)));
                } else {
                    resource = "line-items.json";
                }
            } else if (path.endsWith("/prime_change_orders") && method.equals("GET")) {
                resource = "prime-change-orders.json";
            } else {
                status = 404;
                resource = "not-found.json";
            }
            byte[] body;
            String query = request.uri().getRawQuery();
            if (status == 200 && method.equals("GET") && query != null && query.matches("(.*&)?page=([2-9]|[1-9][0-9]+)(&.*)?")) {
                body = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8); // past the last page, as Procore answers it
            } else {
                try (InputStream in = ProcorePriming.class.getResourceAsStream("/priming/procore/" + resource)) {
                    if (in == null) {
                        throw new IOException("priming answer " + resource + " is missing from the jar");
                    }
                    body = in.readAllBytes();
                }
            }
            HttpHeaders answerHeaders = HttpHeaders.of(headers, (k, v) -> true);
            // the status and headers the handler sees first: the answer without its body yet
            Answer<T> info = new Answer<>(request, status, answerHeaders, null);
            // the body through the handler, as the JDK's client hands it over
            HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onNext(List.of(ByteBuffer.wrap(body)));
            subscriber.onComplete();
            T value = subscriber.getBody().toCompletableFuture().join();
            return new Answer<>(request, status, answerHeaders, value);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler) {
            try {
                return CompletableFuture.completedFuture(send(request, handler));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            return sendAsync(request, handler);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return Optional.empty();
        }

        @Override
        public Redirect followRedirects() {
            return Redirect.NEVER;
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return Optional.empty();
        }

        @Override
        public SSLContext sslContext() {
            return null;
        }

        @Override
        public SSLParameters sslParameters() {
            return null;
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }

        @Override
        public Optional<Executor> executor() {
            return Optional.empty();
        }
    }

    /** An answer of the stand-in: what a handler is told of it, and the response with its body. */
    private record Answer<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body)
            implements HttpResponse<T>, HttpResponse.ResponseInfo {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
