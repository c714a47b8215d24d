package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.domain.Ids;
import io.primesync.http.Responses;
import io.primesync.http.Route;
import io.primesync.service.ContractService;
import java.util.List;

/** {@code GET /companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility}: every reason and a preview. */
public final class EligibilityHandler extends ApiHandler {
    private final ContractService contracts;

    /** What Lambda calls: wired from the environment. */
    public EligibilityHandler() {
        this(AppContext.fromEnvironment());
    }

    public EligibilityHandler(AppContext app) {
        this(app.contracts());
    }

    public EligibilityHandler(ContractService contracts) {
        this.contracts = contracts;
    }

    @Override
    protected List<String> primingEvents() {
        return List.of("reimport-eligibility.json");
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        if (Route.of(event).orElse(null) != Route.ELIGIBILITY) {
            throw notFound();
        }
        var caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        return Responses.json(200, Views.evaluation(contracts.evaluate(caller, companyId, contractId)));
    }
}
