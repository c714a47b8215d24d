package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a list of Procore's ends: as its Link or its Total says, never at a short page. */
class ListEndTest {
    private static HttpHeaders headers(Map<String, List<String>> map) {
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Test
    void aLinkToANextPageGoesOnAndOneWithoutItEnds() {
        assertTrue(ProcoreClient.more(headers(Map.of("Link", List.of(
                "<https://api.procore.com/rest/v1.0/projects?page=2&per_page=300>; rel=\"next\", <...?page=4>; rel=\"last\""))),
                300));
        assertTrue(ProcoreClient.more(headers(Map.of("Link", List.of("<?page=3>; rel=next"))), 600), "unquoted");
        assertFalse(ProcoreClient.more(headers(Map.of("Link", List.of("<?page=1>; rel=\"first\", <?page=3>; rel=\"prev\""),
                "Total", List.of("5000"))), 907), "the Link says it is the last page, whatever Total says");
    }

    @Test
    void withoutALinkTheTotalSaysAndWithNeitherOnlyAnEmptyPageEnds() {
        assertTrue(ProcoreClient.more(headers(Map.of("Total", List.of("907"))), 300));
        assertFalse(ProcoreClient.more(headers(Map.of("Total", List.of("907"))), 907));
        assertTrue(ProcoreClient.more(headers(Map.of()), 7), "a short page is not the end");
    }
}
