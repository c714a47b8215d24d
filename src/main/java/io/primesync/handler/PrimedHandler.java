package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.primesync.logging.Log;
import io.primesync.procore.ProcorePriming;
import io.primesync.store.DynamoPriming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What every function shares at start-up: it registers itself for SnapStart's checkpoint hook, and before Lambda
 * snapshots a published version it {@link #warmUp warms up}, so the classes of its request path are loaded,
 * initialised and compiled in the snapshot instead of on the first request after a restore. Without SnapStart
 * (locally, in tests, on-demand versions) the registration does nothing and the hook is never called.
 */
abstract class PrimedHandler implements RequestStreamHandler, Resource {
    /** The company the priming requests are aimed at: it holds no data, and their caller may only read it. */
    static final String PRIMING_COMPANY = "0";

    PrimedHandler() {
        Core.getGlobalContext().register(this);
    }

    /**
     * The function's priming events, resources under {@code /priming/} like the samples in events/. Each only reads:
     * a list or evaluation of the empty company 0 answers 200 or 404, a webhook without a valid signature stops at
     * the signature check.
     */
    protected abstract List<String> primingEvents();

    /**
     * Whether the function talks to Procore: then priming also runs its Procore client end to end against an
     * in-process stand-in of Procore's answers ({@link ProcorePriming}), never the network, keeping nothing of it.
     */
    protected boolean talksToProcore() {
        return false;
    }

    /**
     * Serves each priming event through the function's own entry point, then the Procore path when the function has
     * one. A failure is logged and ignored: it must never keep a version from being published.
     */
    public void warmUp() {
        for (String name : primingEvents()) {
            try (InputStream event = PrimedHandler.class.getResourceAsStream("/priming/" + name)) {
                if (event == null) {
                    throw new IOException("priming event " + name + " is missing from the jar");
                }
                handleRequest(event, new ByteArrayOutputStream(), null);
            } catch (IOException | RuntimeException e) {
                if (!isExpectedRefusal(e)) {
                    Log.warn("warm-up request failed", "event", name, "error", e.getClass().getName());
                }
            }
        }
        if (talksToProcore()) {
            ProcorePriming.exercise();
        }
        try {
            if (usesStore()) {
                DynamoPriming.exercise(DynamoPriming.table(null));
            }
            primeOwnCode();
        } catch (RuntimeException e) {
            Log.warn("priming of the function's own code failed", "error", e.getClass().getName(), "message",
                    e.getMessage());
        }
    }

    /**
     * Whether the function reads and writes the table: then priming also makes each kind of request the store makes,
     * once, on a DynamoDB client of its own whose HTTP is a stand-in in process ({@code DynamoPriming}), so the SDK's
     * classes of every operation are loaded before the snapshot, not only those the priming events reach.
     */
    protected boolean usesStore() {
        return true;
    }

    /**
     * For a function whose requests no priming event can serve without reading or writing a company's data (the
     * schedules, the Procore events): its own service code once, on a store and a Procore of its own in process
     * ({@code DynamoPriming}, {@link ProcorePriming#withClient}), and at most a read of company {@code 0} through the
     * real clients. Nothing is written anywhere.
     */
    protected void primeOwnCode() {
    }

    /** A refusal the priming request is meant to get (the authorizer's answer to a bad token). */
    boolean isExpectedRefusal(Exception e) {
        return false;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        warmUp();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to undo: the priming requests held no connection, identity or clock of their own
    }
}
