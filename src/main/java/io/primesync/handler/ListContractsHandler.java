package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.Ids;
import io.primesync.domain.Sync;
import io.primesync.http.ApiException;
import io.primesync.http.Requests;
import io.primesync.http.Responses;
import io.primesync.http.Route;
import io.primesync.json.Json;
import io.primesync.service.ContractService;
import io.primesync.store.Page;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /companies/{companyId}/erp/prime-contracts} and
 * {@code GET /companies/{companyId}/erp/prime-contracts/{contractId}/history}.
 */
public final class ListContractsHandler extends ApiHandler {
    private static final Pattern SYNC_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    private final ContractService contracts;

    /** What Lambda calls: wired from the environment. */
    public ListContractsHandler() {
        this(AppContext.fromEnvironment());
    }

    public ListContractsHandler(AppContext app) {
        this(app.contracts());
    }

    public ListContractsHandler(ContractService contracts) {
        this.contracts = contracts;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("list-contracts.json", "history.json", "sync.json");
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        return switch (Route.of(event).orElseThrow(ApiHandler::notFound)) {
            case LIST -> list(event);
            case HISTORY -> history(event);
            case SYNC -> sync(event);
            default -> throw notFound();
        };
    }

    private APIGatewayProxyResponseEvent list(APIGatewayProxyRequestEvent event) {
        var caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String status = Requests.query(event, "status");
        boolean synced;
        if (status == null || status.equals("synced")) {
            synced = true;
        } else if (status.equals("staged")) {
            synced = false;
        } else {
            throw ApiException.invalidField("status", "must be 'synced' or 'staged'");
        }
        boolean ready = QueryParams.bool(event, "ready");
        int limit = QueryParams.limit(event);
        String after = Cursors.contractsPosition(Requests.query(event, "cursor"));
        Page<ContractService.Summary> page = contracts.list(caller, companyId, synced, ready, after, limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(s -> items.add(Views.summary(s)));
        body.put("nextCursor", Cursors.contracts(page.next()));
        return Responses.json(200, body);
    }

    private APIGatewayProxyResponseEvent sync(APIGatewayProxyRequestEvent event) {
        var caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        String syncId = Requests.path(event, "syncId");
        if (syncId == null || !SYNC_ID.matcher(syncId).matches()) {
            throw ApiException.invalidField("syncId", "must be 1 to 64 letters, digits or '-'");
        }
        return Responses.json(200, Views.sync(contracts.sync(caller, companyId, contractId, syncId)));
    }

    private APIGatewayProxyResponseEvent history(APIGatewayProxyRequestEvent event) {
        var caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        int limit = QueryParams.limit(event);
        String after = Cursors.historyPosition(Requests.query(event, "cursor"), contracts::isHistoryPosition);
        Page<Sync> page = contracts.history(caller, companyId, contractId, after, limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(r -> items.add(Views.sync(r)));
        body.put("nextCursor", Cursors.history(page.next()));
        return Responses.json(200, body);
    }
}
