package io.primesync.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.domain.Caller;
import io.primesync.handler.EligibilityHandler;
import io.primesync.handler.ListContractsHandler;
import io.primesync.handler.SyncHandler;
import io.primesync.http.Route;
import io.primesync.local.GatewayEvents;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The user routes as a client calls them, in process: each request an API Gateway event of the route, authorized as
 * the company's admin unless told otherwise, fed to the handler template.yaml maps the route to.
 */
public final class UserRoutes {
    private final String company;
    private final String tableName;
    private final Supplier<Caller> admin;
    private final ListContractsHandler lists;
    private final EligibilityHandler eligibilities;
    private final SyncHandler syncs;

    UserRoutes(String company, String tableName, Supplier<Caller> admin, ListContractsHandler lists,
            EligibilityHandler eligibilities, SyncHandler syncs) {
        this.company = company;
        this.tableName = tableName;
        this.admin = admin;
        this.lists = lists;
        this.eligibilities = eligibilities;
        this.syncs = syncs;
    }

    public Request list() {
        return new Request(Route.LIST);
    }

    public Request history(String contractId) {
        return new Request(Route.HISTORY, contractId);
    }

    public Request eligibility(String contractId) {
        return new Request(Route.ELIGIBILITY, contractId);
    }

    public Request importing(String contractId) {
        return new Request(Route.IMPORT, contractId);
    }

    public Request reimport(String contractId) {
        return new Request(Route.REIMPORT, contractId);
    }

    public Request sync(String contractId, String syncId) {
        return new Request(Route.SYNC, contractId, syncId);
    }

    /** A request to a user route; its event is made by {@link GatewayEvents}. */
    public final class Request {
        private final Route route;
        private final GatewayEvents event;

        Request(Route route, String... contractAndMore) {
            this.route = route;
            String[] values = new String[contractAndMore.length + 1];
            values[0] = company;
            System.arraycopy(contractAndMore, 0, values, 1, contractAndMore.length);
            this.event = GatewayEvents.to(route).pathValues(values).header("Accept", "application/json")
                    .as(admin.get());
        }

        /** Another method than the route's, as a client may send. */
        public Request method(String value) {
            event.method(value);
            return this;
        }

        public Request as(Caller caller) {
            event.as(caller);
            return this;
        }

        /** As API Gateway passes the authorizer's answer: its context plus the principal id (null: none). */
        public Request authorizer(Map<String, Object> context) {
            event.authorizer(context);
            return this;
        }

        public Request company(String companyId) {
            event.pathParameter("companyId", companyId);
            return this;
        }

        public Request path(String name, String value) {
            event.pathParameter(name, value);
            return this;
        }

        public Request contract(String contractId) {
            event.pathParameter("contractId", contractId);
            return this;
        }

        public Request query(String name, String value) {
            event.query(name, value);
            return this;
        }

        public Request queryValues(String name, String... values) {
            event.query(name, values);
            return this;
        }

        public Request header(String name, String value) {
            event.header(name, value);
            return this;
        }

        public Request key(String idempotencyKey) {
            return header("Idempotency-Key", idempotencyKey);
        }

        /** A JSON body, sent as application/json. */
        public Request json(String json) {
            event.header("Content-Type", "application/json");
            event.body(json);
            return this;
        }

        /** A body as is, with whatever Content-Type the test sets (or none). */
        public Request rawBody(String text) {
            event.body(text);
            return this;
        }

        public Request base64Body(byte[] bytes) {
            event.base64Body(bytes);
            return this;
        }

        public String resource() {
            return event.resource();
        }

        public String method() {
            return event.method();
        }

        public String path() {
            return event.path();
        }

        public String header(String name) {
            return event.header(name);
        }

        public Request withoutHeader(String name) {
            event.withoutHeader(name);
            return this;
        }

        public APIGatewayProxyRequestEvent event() {
            return event.event();
        }

        /** Sent to the handler template.yaml maps the route to. */
        public Response send() {
            return sendTo(switch (route) {
                case LIST, HISTORY, SYNC -> lists;
                case ELIGIBILITY -> eligibilities;
                case IMPORT, REIMPORT -> syncs;
                default -> throw new IllegalArgumentException(route.key());
            });
        }

        /** Sends the request to this handler, whatever route it is for. */
        public Response sendTo(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
            APIGatewayProxyRequestEvent e = event();
            return Response.of(handler.handleRequest(e, null), tableName, e);
        }
    }
}
