package io.primesync.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Before Lambda snapshots a published version it calls {@code beforeCheckpoint}; this serves one
 * request through the function's own entry point, so the classes of the request path are loaded, initialised and
 * compiled in the snapshot instead of on the first request after a restore.
 *
 * <p>The request is one that only reads: it is aimed at company {@value #COMPANY}, which holds no data, with a
 * caller who may only read it, so it answers 200 with nothing or 404 and writes nothing. The webhook function's
 * priming request carries no valid signature and stops at the signature check (401), before anything is parsed
 * or stored. A failure of the priming is logged and ignored: it must never keep a version from being published.
 *
 * <p>Registered only by the functions' no-arg constructors (the way Lambda builds them). Without SnapStart
 * (locally, in tests, on-demand versions) the registration does nothing and the hook is never called.
 */
final class Priming implements Resource {
    static final String COMPANY = "0";
    private static final String CONTEXT = "\"authorizer\":{\"principalId\":\"snapstart-priming\",\"sub\":\"snapstart-priming\","
            + "\"permissions\":\"{\\\"companies\\\":{\\\"0\\\":{\\\"erp_integrations\\\":\\\"read_only\\\"}},\\\"projects\\\":{}}\"}";

    /** One priming request: the raw event the function is primed with. */
    interface Target {
        void handleRequest(java.io.InputStream in, java.io.OutputStream out, com.amazonaws.services.lambda.runtime.Context c)
                throws IOException;
    }

    private final Target target;
    private final String event;

    private Priming(Target target, String event) {
        this.target = target;
        this.event = event;
    }

    /** Registers a priming request with the SnapStart hooks; the returned resource must stay referenced. */
    static Priming register(Target target, String event) {
        Priming priming = new Priming(target, event);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** A REST API proxy event for company {@value #COMPANY}, with a read-only caller. */
    static String apiEvent(String method, String resource, String path, String pathParameters) {
        return "{\"resource\":\"" + resource + "\",\"path\":\"" + path + "\",\"httpMethod\":\"" + method + "\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"multiValueHeaders\":{},"
                + "\"queryStringParameters\":null,\"multiValueQueryStringParameters\":null,"
                + "\"pathParameters\":" + pathParameters + ",\"requestContext\":{\"requestId\":\"snapstart-priming\","
                + CONTEXT + "},\"body\":null,\"isBase64Encoded\":false}";
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            target.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null);
        } catch (IOException | RuntimeException e) {
            // an authorizer refusal is the expected answer to its priming token; anything else is only logged
            if (!AuthorizerHandler.UNAUTHORIZED.equals(e.getMessage())) {
                ApiHandler.log("snapstart-priming", "priming failed", e);
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to undo: the priming request held no connection, identity or clock of its own
    }
}
