package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import io.primesync.json.Json;
import io.primesync.procore.ProcoreException;
import io.primesync.service.Refusal;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.StoreBusyException;
import io.primesync.webhook.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** The one place where a failure becomes an HTTP answer: every refusal and every failure a use case can end in. */
class ProblemsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    /** One of each refusal a use case can throw, and the code it must be answered with. */
    private static Map<Refusal, ErrorCode> refusals() {
        Map<Refusal, ErrorCode> all = new LinkedHashMap<>();
        all.put(new Refusal.NoAccess("1001"), ErrorCode.FORBIDDEN);
        all.put(new Refusal.NotFound("No contract X."), ErrorCode.NOT_FOUND);
        all.put(new Refusal.NotAllowed(Refusal.NotAllowed.Operation.REIMPORT,
                List.of(new Reason(ReasonCode.NO_UNSYNCED_CHANGES, "Nothing new."))), ErrorCode.REIMPORT_NOT_ALLOWED);
        all.put(new Refusal.NotAllowed(Refusal.NotAllowed.Operation.IMPORT,
                List.of(new Reason(ReasonCode.ALREADY_IMPORTED, "Imported."))), ErrorCode.IMPORT_NOT_ALLOWED);
        all.put(new Refusal.StalePreview(1, 2, "re-import"), ErrorCode.STALE_PREVIEW);
        all.put(new Refusal.Conflict("Busy.", Duration.ofSeconds(2)), ErrorCode.CONFLICT);
        all.put(new Refusal.KeyReused(), ErrorCode.IDEMPOTENCY_KEY_REUSED);
        all.put(new Refusal.InvalidContract(List.of(new Violation("lineItems", "do not add up"))),
                ErrorCode.INVALID_CONTRACT);
        return all;
    }

    @Test
    void everyKindOfRefusalHasItsCode() {
        Map<Refusal, ErrorCode> refusals = refusals();
        Set<Class<?>> kinds = refusals.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(Refusal.class.getPermittedSubclasses()), kinds, "one case per kind of refusal");
        refusals.forEach((refusal, code) -> {
            ApiException problem = Problems.of(refusal, CLOCK);
            assertEquals(code, problem.code(), refusal.getClass().getSimpleName());
            assertEquals(refusal.getMessage(), problem.detail());
        });
    }

    @Test
    void aRefusalForLackOfPermissionIsA403WithEveryOtherReason() {
        Refusal refusal = new Refusal.NotAllowed(Refusal.NotAllowed.Operation.REIMPORT, List.of(
                new Reason(ReasonCode.NO_UNSYNCED_CHANGES, "Nothing new."),
                new Reason(ReasonCode.MISSING_PERMISSION, "Admin needed.")));
        ApiException problem = Problems.of(refusal, CLOCK);
        assertEquals(ErrorCode.FORBIDDEN, problem.code());
        assertEquals(2, problem.reasons().size());
    }

    @Test
    void aConflictSaysWhenToRetryAndAnInvalidContractEveryViolation() {
        assertEquals(Map.of("Retry-After", "2"), Problems.of(new Refusal.Conflict("Busy.", Duration.ofSeconds(2)),
                CLOCK).headers());
        List<Violation> violations = List.of(new Violation("a", "x"), new Violation("b", "y"));
        assertEquals(violations, Problems.of(new Refusal.InvalidContract(violations), CLOCK).violations());
    }

    @Test
    void everyFailureThatIsNotADefectHasItsAnswer() {
        Map<RuntimeException, ErrorCode> failures = new LinkedHashMap<>();
        failures.put(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Too large."), ErrorCode.PAYLOAD_TOO_LARGE);
        failures.put(new MalformedEventException("Not an event.", List.of(new Violation("id", "is required"))),
                ErrorCode.VALIDATION_FAILED);
        failures.put(malformedJson(), ErrorCode.VALIDATION_FAILED);
        failures.put(new ConcurrentChangeException("moved"), ErrorCode.CONFLICT);
        failures.put(new StoreBusyException("unprocessed"), ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(SdkClientException.create("connection refused"), ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(ProvisionedThroughputExceededException.builder().message("slow down").statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                .build(), ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(AwsServiceException.builder().message("internal").statusCode(500).build(),
                ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(new ProcoreException.RateLimited(CLOCK.instant().plusSeconds(40)), ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(new ProcoreException.Unavailable("no answer", null), ErrorCode.SERVICE_UNAVAILABLE);
        failures.put(new ProcoreException.Refused(403, "PROCORE_PERMISSION_DENIED", "The service account may not."),
                ErrorCode.SERVICE_UNAVAILABLE);
        failures.forEach((failure, code) -> {
            ApiException problem = Problems.of(failure, CLOCK);
            assertNotNull(problem, failure.getClass().getSimpleName());
            assertEquals(code, problem.code(), failure.getClass().getSimpleName());
            if (code == ErrorCode.SERVICE_UNAVAILABLE) {
                assertTrue(problem.headers().containsKey("Retry-After"), failure.getClass().getSimpleName());
            }
        });
        assertEquals("41", Problems.of(new ProcoreException.RateLimited(CLOCK.instant().plusSeconds(40)), CLOCK)
                .headers().get("Retry-After"), "back when Procore's window opens again");
        assertEquals(List.of(new Violation("id", "is required")), Problems.of(new MalformedEventException("x",
                List.of(new Violation("id", "is required"))), CLOCK).violations());
    }

    private static RuntimeException malformedJson() {
        try {
            Json.read("{".getBytes(StandardCharsets.UTF_8));
        } catch (Json.MalformedJsonException e) {
            return e;
        }
        throw new AssertionError("\"{\" read as JSON");
    }

    @Test
    void aDefectIsA500ThatNamesOnlyTheRequestId() {
        AwsServiceException validation = AwsServiceException.builder().message("ValidationException: table gsi1pk")
                .statusCode(400).build();
        for (RuntimeException defect : List.of(new IllegalStateException("boom in io.primesync.store.Table"),
                new NullPointerException(), validation)) {
            if (!(defect instanceof AwsServiceException)) {
                assertNull(Problems.of(defect, CLOCK), defect.getClass().getSimpleName());
            }
            APIGatewayProxyResponseEvent answer = Problems.answer(defect, "req-42", CLOCK);
            assertEquals(500, answer.getStatusCode(), defect.getClass().getSimpleName());
            assertTrue(answer.getBody().contains("req-42"), answer.getBody());
            assertFalse(answer.getBody().contains("io.primesync") || answer.getBody().contains("gsi1pk")
                    || answer.getBody().contains("Exception"), answer.getBody());
        }
    }

    @Test
    void everyErrorCodeAUseCaseCanEndInIsReachedFromHere() {
        Set<ErrorCode> reached = refusals().values().stream().collect(Collectors.toSet());
        reached.addAll(List.of(ErrorCode.VALIDATION_FAILED, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.CONFLICT));
        // the rest are answered before a use case runs (the gateway, the authorizer, the handler's checks) or are 500
        Set<ErrorCode> elsewhere = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNAUTHORIZED, ErrorCode.INVALID_SIGNATURE,
                ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.TOO_MANY_REQUESTS,
                ErrorCode.INTERNAL, ErrorCode.GATEWAY_TIMEOUT);
        Set<ErrorCode> all = Arrays.stream(ErrorCode.values()).collect(Collectors.toSet());
        all.removeAll(elsewhere);
        assertEquals(all, reached);
    }
}
