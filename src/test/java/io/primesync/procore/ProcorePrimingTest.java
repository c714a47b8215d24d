package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Priming's stand-in answers as Procore does, and the client's real code reads every answer: the token, a list, a
 * 429 waited out and asked again, a page of lines (lump sum, by unit, one made in Procore), a sync with a record
 * refused, the change orders.
 */
class ProcorePrimingTest {
    @Test
    void theClientReadsEveryAnswerOfTheStandIn() throws Exception {
        List<String> answered = new ArrayList<>();
        ProcorePriming.Exercised run = ProcorePriming.run(new CallListener() {
            @Override
            public void answered(String method, String route, int status, long millis) {
                answered.add(status + " " + route);
            }
        });
        // each list to its empty page (a short page is not the end where Procore caps per_page below what was asked)
        assertEquals(List.of("200 /oauth/token", "200 GET /prime_contracts", "200 GET /prime_contracts",
                "429 GET /prime_contracts/{id}/line_items", "200 GET /prime_contracts/{id}/line_items",
                "200 GET /prime_contracts/{id}/line_items", "200 PATCH /prime_contracts/{id}/line_items/sync",
                "200 GET /projects/{id}/prime_change_orders", "200 GET /projects/{id}/prime_change_orders"),
                answered.stream()
                .map(a -> a.replace("200 POST /oauth/token", "200 /oauth/token")).toList());
        assertEquals(1, run.primeContracts());
        assertEquals(3, run.lines().size());
        assertEquals("10.0", run.lines().get(1).quantity().toPlainString());
        assertEquals("EA", run.lines().get(1).uom());
        assertEquals(null, run.lines().get(2).originId(), "a line made in Procore has no origin");
        assertEquals(1, run.sync().entities().size());
        assertEquals(1, run.sync().errors().size());
        assertEquals("priming:new", run.sync().errors().get(0).originId());
        assertTrue(run.sync().errors().get(0).fields().contains("uom"), run.sync().errors().toString());
        assertEquals(1, run.changeOrders());
    }

    @Test
    void eachRunHasItsOwnClientSoNothingIsKept() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        ProcorePriming.run(new CallListener() {
            @Override
            public void answered(String method, String route, int status, long millis) {
                first.add(route);
            }
        });
        ProcorePriming.run(new CallListener() {
            @Override
            public void answered(String method, String route, int status, long millis) {
                second.add(route);
            }
        });
        assertTrue(second.get(0).contains("/oauth/token"), "a second run signs in again: its token is its own " + second);
        assertEquals(first, second);
    }
}
