package io.primesync.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.http.Ids;
import io.primesync.http.Responses;

/** {@code GET /companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility}: every reason and a preview. */
public final class EligibilityHandler extends ApiHandler {
    /** Held so the SnapStart hook stays registered for the life of the function. */
    private Priming priming;
    static final String ELIGIBILITY = "/companies/{companyId}/erp/prime-contracts/{contractId}/reimport-eligibility";

    /** What Lambda calls: wired from the environment, and primed before a SnapStart snapshot ({@link Priming}). */
    public EligibilityHandler() {
        this(AppContext.fromEnvironment());
        priming = Priming.register(this::handleRequest, Priming.apiEvent("GET", ELIGIBILITY, "/companies/0/erp/prime-contracts/PRIMING/reimport-eligibility", "{\"companyId\":\"0\",\"contractId\":\"PRIMING\"}"));
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
