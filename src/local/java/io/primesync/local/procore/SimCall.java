package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.local.procore.SimState.Company;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call of the simulated API being answered, under the state's lock: the company it is for, its query, body and
 * the ids in its path, and the changes it makes (which the webhooks deliver once it succeeds).
 */
final class SimCall {
    private final String route;
    private final Company company;
    private final Map<String, String> query;
    private final JsonNode body;
    private final List<Long> ids;
    private final Clock clock;
    private final List<SimHooks.Change> changes = new ArrayList<>();
    private int recordErrors;
    private boolean restricted;

    /** @param recordErrors how many records of a sync call a fault refuses */
    SimCall(String route, Company company, Map<String, String> query, JsonNode body, List<Long> ids, int recordErrors,
            Clock clock) {
        this.route = route;
        this.company = company;
        this.query = query;
        this.body = body;
        this.ids = ids;
        this.recordErrors = recordErrors;
        this.clock = clock;
    }

    /** The route's name ({@code GET /projects}), what page caps are set by. */
    String route() {
        return route;
    }

    /** Whether the caller is an application, held to its service account's grants ({@link SimGrants}). */
    boolean restricted() {
        return restricted;
    }

    SimCall restricted(boolean on) {
        restricted = on;
        return this;
    }

    Company company() {
        return company;
    }

    Map<String, String> query() {
        return query;
    }

    JsonNode body() {
        return body;
    }

    /** The path's {@code index}th id (from 0), in the order of the route's {@code {id}}s. */
    long id(int index) {
        return ids.get(index);
    }

    /** The time Procore stamps on what it writes, to the second. */
    String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Notes a change for the webhooks. */
    void changed(String resourceName, String eventType, long resourceId, Long projectId, Long primeContractId) {
        changes.add(new SimHooks.Change(resourceName, eventType, resourceId, projectId, primeContractId));
    }

    List<SimHooks.Change> changes() {
        return List.copyOf(changes);
    }

    /** How many records of this sync call a fault refuses; the first ask has them all. */
    int takeRecordErrors() {
        int n = recordErrors;
        recordErrors = 0;
        return n;
    }
}
