package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.http.Ids;
import io.primesync.http.Responses;

/** {@code GET /companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility}: every reason and a preview. */
public final class EligibilityHandler extends ApiHandler {
    static final String ELIGIBILITY = "/companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility";

    public EligibilityHandler() {
        this(AppContext.fromEnvironment());
    }

    public EligibilityHandler(AppContext app) {
        super(app);
        app.contracts();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        if (!"GET".equals(event.getHttpMethod()) || !ELIGIBILITY.equals(event.getResource())) {
            throw notFound();
        }
        var caller = caller(event);
        String companyId = pathId(event, Ids.Kind.COMPANY_ID);
        String contractId = pathId(event, Ids.Kind.CONTRACT_ID);
        return Responses.json(200, Views.evaluation(app.contracts().evaluate(caller, companyId, contractId)));
    }
}
