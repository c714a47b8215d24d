package io.primesync.procore;

import io.primesync.logging.Log;
import io.primesync.procore.ProcoreRecords.Line;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The Procore path of a function, exercised before a SnapStart snapshot without the network: a {@link ProcoreClient}
 * of its own, with the JDK's HTTP client as in production, talking over the loopback interface to a stand-in inside
 * the process that answers as Procore answers (a token, a project's prime contracts, a page of line items, a sync with
 * one record refused, change orders, a 429 and its retry), from the resources under {@code /priming/procore/}. The
 * client's real request building, transport, pacing and parsing run; nothing of it is kept (its token, its
 * connections, its rate-limit state are its own and dropped, the stand-in is closed), and no company's data is read.
 */
public final class ProcorePriming {
    static final String COMPANY = "0";
    static final String PROJECT = "1";
    static final String PRIME_CONTRACT = "2";
    static final String HOOK = "7";
    private static final String HOOKS = "/rest/v2.0/companies/" + COMPANY + "/webhooks/hooks";

    private ProcorePriming() {}

    /** What one run read from the stand-in, as the client parsed it. */
    record Exercised(int primeContracts, List<Line> lines, ProcoreRecords.SyncOutcome sync, int changeOrders) {}

    /** Runs the Procore path once against the stand-in. A failure is logged and ignored: priming must never block. */
    public static void exercise() {
        try {
            run(CallListener.NONE);
        } catch (RuntimeException | IOException e) {
            Log.warn("Procore priming failed", "error", e.getClass().getName(), "message", e.getMessage());
        }
    }

    /**
     * A function's own code on a Procore client of its own, talking to the stand-in (which also answers the company's
     * projects, its hook with its triggers and a delivery Procore gave up on, a project and a prime contract), both
     * dropped at the end. A failure is logged and ignored: priming must never block.
     */
    public static void withClient(Consumer<ProcoreClient> use) {
        try (StandIn procore = StandIn.start()) {
            use.accept(procore.client(CallListener.NONE));
        } catch (RuntimeException | IOException e) {
            Log.warn("priming failed", "error", e.getClass().getName(), "message", e.getMessage());
        }
    }

    /** The Procore path once, with a client of its own on the stand-in, both dropped at the end. */
    static Exercised run(CallListener listener) throws IOException {
        try (StandIn procore = StandIn.start()) {
            ProcoreClient client = procore.client(listener);
            int primeContracts = client.primeContracts(COMPANY, PROJECT).size();
            // the first page is refused with a 429 that has already reset: the client waits it out and asks again
            List<Line> lines = client.lineItems(COMPANY, PROJECT, PRIME_CONTRACT);
            ProcoreRecords.SyncOutcome sync = client.syncLineItems(COMPANY, PROJECT, PRIME_CONTRACT, List.of(lines.get(0),
                    new Line(null, "priming:new", "Priming line", new BigDecimal("10.00"), null, null, null, null)));
            int changeOrders = client.changeOrders(COMPANY, PROJECT).size();
            return new Exercised(primeContracts, lines, sync, changeOrders);
        }
    }

    /** One answer of the stand-in. */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    /**
     * Procore's answers to the calls above, served in process on the loopback interface, one connection at a time
     * (HTTP/1.1 with keep-alive, as the JDK's client speaks it).
     */
    static final class StandIn implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        /** The connections the client opened, closed with the stand-in: none is left open into a snapshot. */
        private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
        private int lineItemCalls;

        private StandIn(ServerSocket server) {
            this.server = server;
            this.thread = new Thread(this::serve, "procore-priming");
            this.thread.setDaemon(true);
        }

        static StandIn start() throws IOException {
            StandIn s = new StandIn(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()));
            s.thread.start();
            return s;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        /** A client of its own on this stand-in, whose waits pass at once. */
        ProcoreClient client(CallListener listener) {
            ProcoreConfig config = ProcoreConfig.forPriming(base(), "priming", () -> "priming");
            return new ProcoreClient(new ProcoreHttp(config, Clock.systemUTC(), listener, millis -> { }));
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    // each connection its own thread: the client keeps one open while it opens another
                    Thread connection = new Thread(() -> converse(socket), "procore-priming-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    // the stand-in was closed
                }
            }
        }

        /** Answers the requests of one connection until the client closes it. */
        private void converse(Socket accepted) {
            try (Socket socket = accepted) {
                socket.setSoTimeout(20_000);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                String requestLine;
                while ((requestLine = line(in)) != null && !requestLine.isEmpty()) {
                    int length = 0;
                    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                        int colon = header.indexOf(':');
                        if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                            length = Integer.parseInt(header.substring(colon + 1).trim());
                        }
                    }
                    in.readNBytes(length);
                    String[] parts = requestLine.split(" ");
                    URI uri = URI.create(parts[1]);
                    write(out, answer(parts[0], uri.getPath(), uri.getRawQuery()));
                }
            } catch (IOException | RuntimeException e) {
                // the client went away, or the stand-in was closed
            }
        }

        /** A line of the request head, without its CRLF; null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = b.length();
                    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }

        private static void write(OutputStream out, Answer a) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(a.status()).append(a.status() == 200 ? " OK" : " Error")
                    .append("\r\nContent-Length: ").append(a.body().length).append("\r\n");
            a.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(a.body());
            out.flush();
        }

        /** What Procore answers to the call: its status, headers and body. */
        synchronized Answer answer(String method, String path, String query) throws IOException {
            int status = 200;
            String resource;
            Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Rate-Limit-Limit", "3600",
                    "X-Rate-Limit-Remaining", "3599",
                    "X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 3600));
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
                    headers = Map.of("Content-Type", "application/json", "X-Rate-Limit-Limit", "3600",
                            "X-Rate-Limit-Remaining", "0",
                            "X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 - 1));
                } else {
                    resource = "line-items.json";
                }
            } else if (path.endsWith("/prime_change_orders") && method.equals("GET")) {
                resource = "prime-change-orders.json";
            } else if (path.equals("/rest/v1.0/projects") && method.equals("GET")) {
                resource = "projects.json";
            } else if (path.equals("/rest/v1.0/projects/" + PROJECT) && method.equals("GET")) {
                resource = "project.json";
            } else if (path.equals("/rest/v1.0/prime_contract/" + PRIME_CONTRACT) && method.equals("GET")) {
                resource = "prime-contract.json";
            } else if (path.equals(HOOKS) && method.equals("GET")) {
                resource = "hooks.json";
            } else if (path.equals(HOOKS + "/" + HOOK + "/triggers") && method.equals("GET")) {
                resource = "hook-triggers.json";
            } else if (path.equals(HOOKS + "/" + HOOK + "/deliveries") && method.equals("GET")) {
                resource = "hook-deliveries.json";
            } else {
                status = 404;
                resource = "not-found.json";
            }
            if (status == 200 && method.equals("GET") && query != null
                    && query.matches("(.*&)?page=([2-9]|[1-9][0-9]+)(&.*)?")) {
                // past the last page, as Procore answers it
                return new Answer(status, headers, "[]".getBytes(StandardCharsets.UTF_8));
            }
            try (InputStream in = ProcorePriming.class.getResourceAsStream("/priming/procore/" + resource)) {
                if (in == null) {
                    throw new IOException("priming answer " + resource + " is missing from the jar");
                }
                return new Answer(status, headers, in.readAllBytes());
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket connection : connections) {
                connection.close();
            }
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
