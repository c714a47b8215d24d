package io.primesync.local.procore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.local.http.Forms;
import io.primesync.local.http.LocalHttp;
import io.primesync.local.http.Reply;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A local Procore: the part of its public REST API the product uses, as Procore documents it, plus a control surface
 * under {@code /_simulator/} that is not Procore's. Nothing the product does may depend on talking to this rather
 * than to Procore.
 *
 * <p>One class per resource over one {@link SimState}: {@link SimOAuth} (the token endpoint), {@link SimProjects},
 * {@link SimPrimeContracts}, {@link SimLineItems} (with the sync action), {@link SimChangeOrders} and
 * {@link SimWebhooks} (whose deliveries {@link SimHooks} sends); {@link SimRouter} puts every call through Procore's
 * checks ({@link SimRates}, and the faults of {@link SimFaults}) to its route in {@link SimRoutes}; {@link SimPages}
 * pages a list; {@link SimControl} is the control surface.
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

    private final SimHooks hooks;
    private final SimRequestLog log = new SimRequestLog();
    private final LocalHttp http;
    private int port;

    private ProcoreSimulator(Clock clock, Path stateFile) {
        SimState state = SimState.load(stateFile);
        SimPages pages = new SimPages();
        this.hooks = new SimHooks(clock);
        SimLineItems lineItems = new SimLineItems(state, pages);
        SimRoutes routes = new SimRoutes();
        new SimProjects(state, pages).routes(routes);
        new SimPrimeContracts(state, pages).routes(routes);
        lineItems.routes(routes);
        new SimChangeOrders(state, pages).routes(routes);
        new SimWebhooks(state, pages, hooks).routes(routes);
        SimOAuth oauth = new SimOAuth(clock);
        SimRates rates = new SimRates(clock);
        SimFaults faults = new SimFaults(clock);
        SimControl control = new SimControl(state, faults, rates, pages, lineItems, hooks, oauth, log);
        SimRouter router = new SimRouter(clock, state, routes, oauth, rates, faults, log, hooks, control);
        this.http = LocalHttp.create("procore-simulator", request -> observed(request, router.handle(request)),
                (status, method, target, why) -> Reply.json(status == 414 || status == 431 || status == 413 ? status : 400,
                        "{\"errors\":\"" + (status == 500 ? "internal error" : "bad request") + "\"}"),
                LocalHttp.Limits.defaults(), 16);
    }

    /** One request of Procore's API (the control surface aside) and the simulator's answer to it. */
    public interface Observer {
        void exchange(String method, String path, Map<String, String> query, byte[] requestBody, int status,
                byte[] answerBody);
    }

    private static volatile Observer everyObserver;

    private volatile Observer observer = everyObserver;

    /** Shows every exchange of every simulator started after this to {@code observer} (the contract tests). */
    public static void observeEvery(Observer value) {
        everyObserver = value;
    }

    /** Shows every exchange of Procore's API to {@code observer} (the contract tests hold both to Procore's description). */
    public void observe(Observer value) {
        this.observer = value;
    }

    private Reply observed(LocalHttp.Request request, Reply reply) {
        Observer o = observer;
        if (o != null && !request.rawPath().startsWith("/_simulator/") && reply != Reply.DROP) {
            o.exchange(request.method(), request.rawPath(), Forms.decode(request.rawQuery()), request.body(),
                    reply.status(), reply.body());
        }
        return reply;
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

    /** Counts by method and path template: {@code {"total": n, "throttled": n, "calls": {"GET /x": {...}}}}. */
    public ObjectNode requestLog(String companyId) {
        return log.json(companyId);
    }

    @Override
    public void close() {
        hooks.close();
        http.close();
    }
}
