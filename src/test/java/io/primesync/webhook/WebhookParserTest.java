package io.primesync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.Violation;
import io.primesync.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WebhookParserTest {
    static final String CONTRACT_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String JOB_RULE = "must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String DIGITS = "must be 1 to 20 digits";

    static final String UPSERT = """
            {"id": "evt_1", "type": "prime_contract.upserted", "companyId": "1001",
             "occurredAt": "2026-11-29T14:00:00Z",
             "data": {"contractId": "C-100", "jobNumber": "24-001", "title": "Main building", "status": "approved",
                      "erpVersion": 3, "originalContractAmount": "1250.50", "retainagePercent": "10.00",
                      "lineItems": [
                        {"itemCode": "0100", "description": "Sitework", "amount": "1000.00"},
                        {"itemCode": "0200", "description": "Concrete", "amount": "250.50",
                         "quantity": 2.5, "unitOfMeasure": "CY", "unitPrice": "100.2000"}
                      ]}}
            """;

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode upsert() {
        return json(UPSERT);
    }

    private static ObjectNode data(ObjectNode body) {
        return (ObjectNode) body.get("data");
    }

    private static ObjectNode line(ObjectNode body, int i) {
        return (ObjectNode) data(body).get("lineItems").get(i);
    }

    private static List<Violation> violations(Source source, JsonNode body) {
        return assertThrows(MalformedEventException.class, () -> WebhookParser.parse(source, body)).violations();
    }

    /** The upsert with one change applied must fail on exactly this one field, with this message. */
    private static void assertUpsertViolation(Consumer<ObjectNode> change, String field, String message) {
        ObjectNode body = upsert();
        change.accept(body);
        assertEquals(List.of(new Violation(field, message)), violations(Source.SPECTRUM, body));
    }

    @Test
    void parsesASnapshot() {
        Envelope envelope = WebhookParser.parse(Source.SPECTRUM, upsert());
        assertEquals("evt_1", envelope.id());
        assertEquals("prime_contract.upserted", envelope.type());
        assertEquals("1001", envelope.companyId());
        assertEquals(Instant.parse("2026-11-29T14:00:00Z"), envelope.occurredAt());
        ContractSnapshot s = assertInstanceOf(WebhookEvent.SnapshotUpserted.class, envelope.event()).snapshot();
        assertEquals("C-100", s.contractId());
        assertEquals("24-001", s.jobNumber());
        assertEquals("Main building", s.title());
        assertEquals(ContractStatus.APPROVED, s.status());
        assertEquals(3L, s.erpVersion());
        assertEquals(new BigDecimal("1250.50"), s.originalContractAmount());
        assertEquals(new BigDecimal("10.00"), s.retainagePercent());
        assertEquals(List.of(
                new LineItem("0100", "Sitework", new BigDecimal("1000.00"), null, null, null),
                new LineItem("0200", "Concrete", new BigDecimal("250.50"), new BigDecimal("2.5"), "CY",
                        new BigDecimal("100.2000"))), s.lineItems());
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        ObjectNode body = upsert();
        data(body).remove("retainagePercent");
        line(body, 1).putNull("quantity").putNull("unitOfMeasure").putNull("unitPrice");
        ContractSnapshot s = ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, body).event()).snapshot();
        assertNull(s.retainagePercent());
        assertEquals(new LineItem("0200", "Concrete", new BigDecimal("250.50"), null, null, null), s.lineItems().get(1));
    }

    @Test
    void quantityMayBeAStringAndRetainageANumber() {
        ObjectNode body = upsert();
        line(body, 1).put("quantity", "2.500000");
        data(body).put("retainagePercent", new BigDecimal("5"));
        ContractSnapshot s = ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, body).event()).snapshot();
        assertEquals(new BigDecimal("2.500000"), s.lineItems().get(1).quantity());
        assertEquals(new BigDecimal("5"), s.retainagePercent());
    }

    @Test
    void anEmptyContractIsWellFormed() {
        ObjectNode body = upsert();
        data(body).putArray("lineItems");
        ContractSnapshot s = ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, body).event()).snapshot();
        assertEquals(List.of(), s.lineItems());
    }

    @Test
    void contractRulesAreLeftToTheValidator() {
        ObjectNode body = upsert();
        line(body, 0).put("itemCode", "A-CODE-FAR-TOO-LONG");
        line(body, 1).put("itemCode", "A-CODE-FAR-TOO-LONG").put("quantity", "3");
        data(body).put("originalContractAmount", "1.00");
        ContractSnapshot s = ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, body).event()).snapshot();
        assertEquals("A-CODE-FAR-TOO-LONG", s.lineItems().get(0).itemCode());
        assertEquals(2, s.lineItems().size());
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode body = upsert();
        body.put("apiVersion", "2026-01");
        data(body).put("costCenter", "X");
        line(body, 0).put("taxable", true);
        WebhookParser.parse(Source.SPECTRUM, body);
    }

    @Test
    void occurredAtWithAnOffset() {
        ObjectNode body = upsert();
        body.put("occurredAt", "2026-11-29T16:00:00.250+02:00");
        assertEquals(Instant.parse("2026-11-29T14:00:00.250Z"), WebhookParser.parse(Source.SPECTRUM, body).occurredAt());
    }

    @Test
    void parsesADeletion() {
        Envelope e = WebhookParser.parse(Source.SPECTRUM, json("""
                {"id": "evt_2", "type": "prime_contract.deleted", "companyId": "1001",
                 "occurredAt": "2026-11-29T14:00:00Z", "data": {"contractId": "C-100", "erpVersion": 1764424800000}}
                """));
        assertEquals(new WebhookEvent.ContractDeleted("C-100", 1_764_424_800_000L), e.event());
    }

    // --- the envelope

    @Test
    void bodyMustBeAnObject() {
        assertEquals(List.of(new Violation("body", "must be a JSON object")), violations(Source.SPECTRUM,
                Json.read("[]".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(new Violation("body", "must be a JSON object")), violations(Source.SPECTRUM, null));
    }

    @Test
    void everyEnvelopeFieldIsRequired() {
        assertEquals(List.of(
                new Violation("id", "is required"),
                new Violation("type", "is required"),
                new Violation("companyId", "is required"),
                new Violation("occurredAt", "is required"),
                new Violation("data", "is required")), violations(Source.SPECTRUM, Json.object()));
    }

    @Test
    void eventId() {
        assertUpsertViolation(b -> b.put("id", 17), "id", "must be a string");
        assertUpsertViolation(b -> b.putNull("id"), "id", "is required");
        assertUpsertViolation(b -> b.put("id", ""), "id", "must be 1 to 128 printable ASCII characters");
        assertUpsertViolation(b -> b.put("id", "e".repeat(129)), "id", "must be 1 to 128 printable ASCII characters");
        assertUpsertViolation(b -> b.put("id", "evt\n1"), "id", "must be 1 to 128 printable ASCII characters");
        assertUpsertViolation(b -> b.put("id", "évt"), "id", "must be 1 to 128 printable ASCII characters");
        ObjectNode longest = upsert().put("id", "e".repeat(128));
        assertEquals("e".repeat(128), WebhookParser.parse(Source.SPECTRUM, longest).id());
    }

    @Test
    void typeMustBelongToTheSource() {
        assertUpsertViolation(b -> b.put("type", "job.synced"), "type",
                "must be one of: prime_contract.upserted, prime_contract.deleted");
        assertUpsertViolation(b -> b.put("type", 3), "type", "must be a string");
    }

    @Test
    void companyId() {
        assertUpsertViolation(b -> b.put("companyId", "acme"), "companyId", DIGITS);
        assertUpsertViolation(b -> b.put("companyId", 1001), "companyId", "must be a string");
    }

    @Test
    void occurredAt() {
        String message = "must be an ISO-8601 instant with an offset, like 2026-11-29T14:00:00Z";
        assertUpsertViolation(b -> b.put("occurredAt", "yesterday"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "2026-11-29T14:00:00"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "2026-11-29"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "2026-02-30T14:00:00Z"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "2026-11-29T14:00:00Z" + " ".repeat(100)), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", 1764424800), "occurredAt", "must be a string");
        // ISO-8601 allows more digits with a sign; their epoch milliseconds overflow a long
        assertUpsertViolation(b -> b.put("occurredAt", "+999999999-12-31T23:59:59Z"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "-999999999-01-01T00:00:00Z"), "occurredAt", message);
        assertUpsertViolation(b -> b.put("occurredAt", "+10000-01-01T00:00:00Z"), "occurredAt", message);
    }

    @Test
    void dataMustBeAnObject() {
        assertUpsertViolation(b -> b.putArray("data"), "data", "must be a JSON object");
        assertUpsertViolation(b -> b.put("data", "{}"), "data", "must be a JSON object");
        assertUpsertViolation(b -> b.putNull("data"), "data", "is required");
    }

    @Test
    void unknownTypeStillChecksTheRestOfTheEnvelope() {
        ObjectNode body = upsert().put("type", "prime_contract.archived").put("companyId", "x");
        body.put("data", 5);
        assertEquals(List.of(
                new Violation("type", "must be one of: prime_contract.upserted, prime_contract.deleted"),
                new Violation("companyId", DIGITS),
                new Violation("data", "must be a JSON object")), violations(Source.SPECTRUM, body));
    }

    // --- the snapshot

    @Test
    void everySnapshotFieldIsRequired() {
        ObjectNode body = upsert();
        body.putObject("data");
        assertEquals(List.of(
                new Violation("data.contractId", "is required"),
                new Violation("data.jobNumber", "is required"),
                new Violation("data.title", "is required"),
                new Violation("data.status", "is required"),
                new Violation("data.erpVersion", "is required"),
                new Violation("data.originalContractAmount", "is required"),
                new Violation("data.lineItems", "is required")), violations(Source.SPECTRUM, body));
    }

    @Test
    void snapshotIdentifiers() {
        assertUpsertViolation(b -> data(b).put("contractId", "C 100"), "data.contractId", CONTRACT_RULE);
        assertUpsertViolation(b -> data(b).put("contractId", 100), "data.contractId", "must be a string");
        assertUpsertViolation(b -> data(b).put("jobNumber", "J".repeat(33)), "data.jobNumber", JOB_RULE);
    }

    @Test
    void title() {
        assertUpsertViolation(b -> data(b).put("title", 5), "data.title", "must be a string");
        assertUpsertViolation(b -> data(b).put("title", "t".repeat(1001)), "data.title", "must be at most 1000 characters");
    }

    @Test
    void contractStatus() {
        assertUpsertViolation(b -> data(b).put("status", "deleted"), "data.status", "must be one of: approved, unapproved");
        assertUpsertViolation(b -> data(b).put("status", "APPROVED"), "data.status", "must be one of: approved, unapproved");
        ObjectNode unapproved = upsert();
        data(unapproved).put("status", "unapproved");
        assertEquals(ContractStatus.UNAPPROVED, ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM,
                unapproved).event()).snapshot().status());
    }

    @Test
    void erpVersion() {
        String message = "must be a whole number from 1 to a day ahead of now in epoch milliseconds";
        assertUpsertViolation(b -> data(b).put("erpVersion", 0), "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", -4), "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", new BigDecimal("1.5")), "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", new BigDecimal("2.0")), "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", "3"), "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", new BigInteger("9223372036854775808")),
                "data.erpVersion", message);
        assertUpsertViolation(b -> data(b).put("erpVersion", true), "data.erpVersion", message);
        // a version far ahead would make every later real one look stale: a day ahead of now is the most
        assertUpsertViolation(b -> data(b).put("erpVersion", Long.MAX_VALUE), "data.erpVersion", message);
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        long highest = now.plus(WebhookParser.VERSION_LEAD).toEpochMilli();
        ObjectNode atTheBound = upsert();
        data(atTheBound).put("erpVersion", highest);
        assertEquals(highest, ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, atTheBound, now)
                .event()).snapshot().erpVersion());
        ObjectNode past = upsert();
        data(past).put("erpVersion", highest + 1);
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> WebhookParser.parse(Source.SPECTRUM, past, now));
        assertEquals(List.of(new Violation("data.erpVersion", message)), e.violations());
        // what the agent mints (epoch milliseconds now) fits
        ObjectNode minted = upsert();
        data(minted).put("erpVersion", now.toEpochMilli());
        WebhookParser.parse(Source.SPECTRUM, minted, now);
    }

    @Test
    void theCompanyIsReadFromTheTopLevelWithoutBuildingTheBody() {
        assertEquals("1001", WebhookParser.companyId("{\"data\":{\"companyId\":\"9\"},\"companyId\":\"1001\"}"
                .getBytes(StandardCharsets.UTF_8)));
        for (String none : List.of("", "[]", "{\"companyId\":1001}", "{\"id\":\"x\"}", "{\"companyId\"", "not json",
                "{\"data\":{\"companyId\":\"1001\"}}")) {
            assertNull(WebhookParser.companyId(none.getBytes(StandardCharsets.UTF_8)), none);
        }
    }

    @Test
    void moneyMustBeAStringWithTwoDecimals() {
        String message = "money must be a string with two decimals";
        assertUpsertViolation(b -> data(b).put("originalContractAmount", new BigDecimal("1250.50")),
                "data.originalContractAmount", message);
        assertUpsertViolation(b -> data(b).put("originalContractAmount", "1250.5"), "data.originalContractAmount", message);
        assertUpsertViolation(b -> data(b).put("originalContractAmount", "1,250.50"), "data.originalContractAmount", message);
        assertUpsertViolation(b -> data(b).put("originalContractAmount", "12345678901234.00"),
                "data.originalContractAmount", message);
        assertUpsertViolation(b -> line(b, 1).put("amount", 250.5), "data.lineItems[1].amount", message);
        assertUpsertViolation(b -> line(b, 1).put("amount", "250.500"), "data.lineItems[1].amount", message);
    }

    @Test
    void retainagePercent() {
        String message = "must be a decimal from 0 to 100 with at most 4 decimals";
        assertUpsertViolation(b -> data(b).put("retainagePercent", "100.01"), "data.retainagePercent", message);
        assertUpsertViolation(b -> data(b).put("retainagePercent", -1), "data.retainagePercent", message);
        assertUpsertViolation(b -> data(b).put("retainagePercent", "ten"), "data.retainagePercent", message);
        assertUpsertViolation(b -> data(b).put("retainagePercent", "5.12345"), "data.retainagePercent", message);
        assertUpsertViolation(b -> data(b).put("retainagePercent", false), "data.retainagePercent", message);
        ObjectNode hundred = upsert();
        data(hundred).put("retainagePercent", "100");
        WebhookParser.parse(Source.SPECTRUM, hundred);
    }

    @Test
    void lineItemsMustBeAnArrayOfObjects() {
        assertUpsertViolation(b -> data(b).putObject("lineItems"), "data.lineItems", "must be an array");
        assertUpsertViolation(b -> ((ArrayNode) data(b).get("lineItems")).add("0300"), "data.lineItems[2]",
                "must be a JSON object");
        assertUpsertViolation(b -> ((ArrayNode) data(b).get("lineItems")).addNull(), "data.lineItems[2]",
                "must be a JSON object");
    }

    @Test
    void everyLineItemFieldIsChecked() {
        ObjectNode body = upsert();
        ((ArrayNode) data(body).get("lineItems")).addObject();
        assertEquals(List.of(
                new Violation("data.lineItems[2].itemCode", "is required"),
                new Violation("data.lineItems[2].description", "is required"),
                new Violation("data.lineItems[2].amount", "is required")), violations(Source.SPECTRUM, body));
    }

    @Test
    void lineItemStrings() {
        assertUpsertViolation(b -> line(b, 0).put("itemCode", 100), "data.lineItems[0].itemCode", "must be a string");
        assertUpsertViolation(b -> line(b, 0).put("description", 1), "data.lineItems[0].description", "must be a string");
        assertUpsertViolation(b -> line(b, 0).put("description", "d".repeat(4001)), "data.lineItems[0].description",
                "must be at most 4000 characters");
        assertUpsertViolation(b -> line(b, 1).put("unitOfMeasure", 1), "data.lineItems[1].unitOfMeasure", "must be a string");
        assertUpsertViolation(b -> line(b, 1).put("unitOfMeasure", "u".repeat(33)), "data.lineItems[1].unitOfMeasure",
                "must be at most 32 characters");
    }

    @Test
    void quantity() {
        String message = "must be a decimal with at most 13 integer digits and 6 decimals";
        assertUpsertViolation(b -> line(b, 1).put("quantity", "2.5.0"), "data.lineItems[1].quantity", message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", "two"), "data.lineItems[1].quantity", message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", true), "data.lineItems[1].quantity", message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", "0.1234567"), "data.lineItems[1].quantity", message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", new BigDecimal("0.1234567")), "data.lineItems[1].quantity",
                message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", new BigDecimal("12345678901234")),
                "data.lineItems[1].quantity", message);
        assertUpsertViolation(b -> line(b, 1).put("quantity", "1e3"), "data.lineItems[1].quantity", message);
    }

    @Test
    void quantityWithAHugeExponentIsRefusedQuickly() {
        byte[] text = UPSERT.replace("\"quantity\": 2.5", "\"quantity\": 1e999999999").getBytes(StandardCharsets.UTF_8);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            List<Violation> v = violations(Source.SPECTRUM, Json.read(text));
            assertEquals(List.of(new Violation("data.lineItems[1].quantity",
                    "must be a decimal with at most 13 integer digits and 6 decimals")), v);
        });
    }

    @Test
    void quantityInExponentNotationWithinBoundsIsAccepted() {
        byte[] text = UPSERT.replace("\"quantity\": 2.5", "\"quantity\": 2.5e2").getBytes(StandardCharsets.UTF_8);
        ContractSnapshot s = ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM, Json.read(text))
                .event()).snapshot();
        assertEquals(0, new BigDecimal("250").compareTo(s.lineItems().get(1).quantity()));
    }

    @Test
    void unitPrice() {
        String message = "must be a string decimal with at most 13 integer digits and 4 decimals";
        assertUpsertViolation(b -> line(b, 1).put("unitPrice", new BigDecimal("100.2")), "data.lineItems[1].unitPrice",
                message);
        assertUpsertViolation(b -> line(b, 1).put("unitPrice", "100.20001"), "data.lineItems[1].unitPrice", message);
        assertUpsertViolation(b -> line(b, 1).put("unitPrice", "$100"), "data.lineItems[1].unitPrice", message);
        ObjectNode whole = upsert();
        line(whole, 1).put("unitPrice", "100");
        assertEquals(new BigDecimal("100"), ((WebhookEvent.SnapshotUpserted) WebhookParser.parse(Source.SPECTRUM,
                whole).event()).snapshot().lineItems().get(1).unitPrice());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ObjectNode body = upsert().put("companyId", "x");
        data(body).put("status", "open").put("erpVersion", 0);
        line(body, 0).put("amount", 1000);
        line(body, 1).put("unitPrice", 1);
        List<Violation> v = violations(Source.SPECTRUM, body);
        assertEquals(List.of(
                new Violation("companyId", DIGITS),
                new Violation("data.status", "must be one of: approved, unapproved"),
                new Violation("data.erpVersion", "must be a whole number from 1 to a day ahead of now in epoch milliseconds"),
                new Violation("data.lineItems[0].amount", "money must be a string with two decimals"),
                new Violation("data.lineItems[1].unitPrice",
                        "must be a string decimal with at most 13 integer digits and 4 decimals")), v);
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> WebhookParser.parse(Source.SPECTRUM, body));
        assertEquals("The event does not match the schema: 5 fields are invalid", e.getMessage());
    }

    @Test
    void atMostAHundredViolations() {
        ObjectNode body = upsert();
        ArrayNode lines = data(body).putArray("lineItems");
        for (int i = 0; i < 5000; i++) {
            lines.addObject().put("itemCode", "L" + i).put("description", "d").put("amount", i);
        }
        List<Violation> v = violations(Source.SPECTRUM, body);
        assertEquals(WebhookParser.MAX_VIOLATIONS, v.size());
        assertEquals(new Violation("data.lineItems[0].amount", "money must be a string with two decimals"), v.get(0));
        assertEquals(new Violation("data.lineItems[99].amount", "money must be a string with two decimals"), v.get(99));
    }

    @Test
    void oneViolationReadsAsOneField() {
        ObjectNode body = upsert().put("companyId", "x");
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> WebhookParser.parse(Source.SPECTRUM, body));
        assertEquals("The event does not match the schema: 1 field is invalid", e.getMessage());
    }

    // --- the other events

    @Test
    void deletion() {
        String type = "prime_contract.deleted";
        ObjectNode body = upsert().put("type", type);
        body.putObject("data");
        assertEquals(List.of(new Violation("data.contractId", "is required"), new Violation("data.erpVersion", "is required")),
                violations(Source.SPECTRUM, body));
        body.putObject("data").put("contractId", "-x").put("erpVersion", 0);
        assertEquals(List.of(new Violation("data.contractId", CONTRACT_RULE),
                new Violation("data.erpVersion", "must be a whole number from 1 to a day ahead of now in epoch milliseconds")), violations(Source.SPECTRUM, body));
    }

    @Test
    void sourcesKnowTheirSecrets() {
        assertEquals("SPECTRUM_WEBHOOK_SECRET", Source.SPECTRUM.secretName());
        assertEquals("PROCORE_WEBHOOK_SECRET", Source.PROCORE.secretName());
        assertEquals("procore", Source.PROCORE.wire());
    }
}
