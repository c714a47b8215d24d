package io.primesync.handler;

import static io.primesync.testing.Answers.assertApplied;
import static io.primesync.testing.Answers.assertProblem;
import static io.primesync.testing.Answers.assertResult;
import static io.primesync.testing.Answers.reasonCodes;
import static io.primesync.testing.Answers.strings;
import static io.primesync.testing.Answers.texts;
import static io.primesync.testing.Answers.violationFields;
import static io.primesync.testing.Snapshot.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.LocalSettings;
import io.primesync.testing.Api;
import io.primesync.testing.Response;
import io.primesync.testing.Snapshot;
import io.primesync.testing.SpectrumSide;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /webhooks/spectrum}, the ERP agent's signed envelopes ({@code ProcoreWebhookIT} has Procore's route). */
class WebhookHandlerIT {
    private static final int SIX_MIB = 6 * 1024 * 1024;

    private final Api api = Api.onLocalDynamo();

    // ------------------------------------------------------------------ every event type

    @Test
    void aSnapshotIsStoredWithItsLines() {
        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-1", "J-1", 2).title("Tower A")
                .lump("A", "Sitework", "10.00").unit("B", "Rebar", "3", "TN", "1.50", "4.50").json());
        Response response = api.spectrum.deliver(Source.SPECTRUM, event);
        assertApplied(response);
        assertEquals(event.path("id").asText(), response.json().path("id").asText());

        JsonNode listed = api.listed("W-1", "staged");
        assertEquals("Tower A", listed.path("title").asText());
        assertEquals("J-1", listed.path("jobNumber").asText());
        assertEquals(2, listed.path("erpVersion").asLong());
        assertEquals("14.50", listed.path("erpContractAmount").asText());
        JsonNode preview = api.user.eligibility("W-1").send().json().path("preview");
        assertEquals(List.of("A", "B"), texts(preview.path("added"), "itemCode"));
        assertEquals("1.50", preview.path("added").get(1).path("unitPrice").asText());
    }

    @Test
    void aDeletionMarksTheContractDeletedWhateverTheDeliveryOrder() {
        api.spectrum.upsert(snapshot("W-2", "J-2", 3).lump("A", "10.00"));
        assertResult(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.deleted",
                Json.object().put("contractId", "W-2").put("erpVersion", 2))), "stale");
        assertEquals("approved", api.listed("W-2", "staged").path("erpStatus").asText(), "a deletion of an older version is stale");
        api.spectrum.delete("W-2", 3);
        assertEquals("deleted", api.listed("W-2", "staged").path("erpStatus").asText());

        // the deletion arrives before the snapshot it follows
        api.spectrum.delete("W-3", 5);
        assertNull(api.listed("W-3", "staged"), "a deletion alone is no contract");
        api.spectrum.upsert(snapshot("W-3", "J-3", 4).lump("A", "10.00"));
        assertEquals("deleted", api.listed("W-3", "staged").path("erpStatus").asText());
        api.spectrum.upsert(snapshot("W-3", "J-3", 6).lump("A", "10.00"));
        assertEquals("approved", api.listed("W-3", "staged").path("erpStatus").asText(), "restored in Spectrum");
    }

    // ------------------------------------------------------------------ duplicates and order

    @Test
    void aDuplicateIdChangesNothingEvenWithOtherContent() {
        ObjectNode first = api.spectrum.envelope("prime_contract.upserted", snapshot("W-7", "J-7", 1).lump("A", "10.00").json());
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, first));
        Response again = api.spectrum.deliver(Source.SPECTRUM, first);
        assertResult(again, "duplicate");
        assertEquals(first.path("id").asText(), again.json().path("id").asText());

        ObjectNode sameIdNewer = first.deepCopy();
        sameIdNewer.set("data", snapshot("W-7", "J-7", 2).lump("A", "99.00").json());
        assertResult(api.spectrum.deliver(Source.SPECTRUM, sameIdNewer), "duplicate");
        JsonNode listed = api.listed("W-7", "staged");
        assertEquals(1, listed.path("erpVersion").asLong());
        assertEquals("10.00", listed.path("erpContractAmount").asText());

        // and per company: another company's agent numbers its events on its own
        Api other = api.otherCompany();
        ObjectNode theirs = first.deepCopy();
        theirs.put("companyId", other.company);
        assertApplied(other.spectrum.deliver(Source.SPECTRUM, theirs));
        assertEquals(1, other.listed("W-7", "staged").path("erpVersion").asLong());
    }

    @Test
    void anOlderSnapshotIsStaleAndNeverOverwritesANewerOne() {
        api.spectrum.upsert(snapshot("W-8", "J-8", 3).lump("A", "30.00"));
        assertResult(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot("W-8", "J-8", 2).lump("B", "20.00").json())), "stale");
        assertResult(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot("W-8", "J-8", 3).lump("C", "5.00").json())), "stale");
        JsonNode listed = api.listed("W-8", "staged");
        assertEquals(3, listed.path("erpVersion").asLong());
        assertEquals("30.00", listed.path("erpContractAmount").asText());
        assertEquals(List.of("A"), texts(api.user.eligibility("W-8").send().json().path("preview").path("added"), "itemCode"));
    }

    // ------------------------------------------------------------------ signature

    @Test
    void aBadSignatureIs401AndStoresNothing() {
        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-10", "J-10", 1).lump("A", "10.00").json());
        byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
        long now = api.clock.instant().getEpochSecond();
        String good = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(Source.SPECTRUM.secretName()).getBytes(StandardCharsets.UTF_8), now, body);
        String mac = good.substring(good.indexOf("v1=") + 3);

        List<SpectrumSide.Delivery> refused = List.of(
                api.spectrum.delivery(Source.SPECTRUM, body).signature(null),
                api.spectrum.delivery(Source.SPECTRUM, body).signature(""),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("garbage"),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("v1=" + mac),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("t=" + now),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("t=" + now + ",t=" + now + ",v1=" + mac),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("t=" + now + ",v1=" + mac.substring(2)),
                api.spectrum.delivery(Source.SPECTRUM, body).signature("t=" + (now + 1) + ",v1=" + mac),
                api.spectrum.delivery(Source.SPECTRUM, body).signedWith(LocalSettings.WEBHOOK_SECRETS.get(Source.PROCORE.secretName())),
                api.spectrum.delivery(Source.SPECTRUM, body).signedWith("local-spectrum-secret-2"),
                api.spectrum.delivery(Source.SPECTRUM, body).signedAt(now - WebhookSignature.TOLERANCE_SECONDS - 1),
                api.spectrum.delivery(Source.SPECTRUM, body).signedAt(now + WebhookSignature.TOLERANCE_SECONDS + 1),
                api.spectrum.delivery(Source.SPECTRUM, body).tamperedTo(Json.write(event).replace("10.00", "99.00")
                        .getBytes(StandardCharsets.UTF_8)),
                api.spectrum.delivery(Source.SPECTRUM, body).tamperedTo((Json.write(event) + " ").getBytes(StandardCharsets.UTF_8)));
        for (SpectrumSide.Delivery delivery : refused) {
            JsonNode problem = assertProblem(delivery.send(), 401, "INVALID_SIGNATURE");
            assertTrue(problem.path("detail").asText().contains(WebhookSignature.HEADER), problem.toString());
        }

        assertNull(api.listed("W-10", "staged"), "nothing was stored");
        assertProblem(api.user.eligibility("W-10").send(), 404, "NOT_FOUND");
        // not even the event id: the genuine delivery is applied, not a duplicate; 300 s old is still in time
        assertApplied(api.spectrum.delivery(Source.SPECTRUM, body).signedAt(now - WebhookSignature.TOLERANCE_SECONDS).send());
    }

    @Test
    void anyOfSeveralSignaturesMayMatchDuringARotation() {
        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-11", "J-11", 1).lump("A", "10.00").json());
        byte[] body = Json.write(event).getBytes(StandardCharsets.UTF_8);
        long now = api.clock.instant().getEpochSecond();
        String good = WebhookSignature.sign(LocalSettings.WEBHOOK_SECRETS.get(Source.SPECTRUM.secretName()).getBytes(StandardCharsets.UTF_8), now, body);
        String old = WebhookSignature.sign("retired-secret".getBytes(StandardCharsets.UTF_8), now, body);
        String header = "t=" + now + ",v1=" + old.substring(old.indexOf("v1=") + 3) + ",v1=" + good.substring(good.indexOf("v1=") + 3);
        assertApplied(api.spectrum.delivery(Source.SPECTRUM, body).signature(header).send());
    }

    // ------------------------------------------------------------------ size, type, order of checks

    @Test
    void aBodyOverSixMebibytesIs413BeforeAnyOtherCheck() {
        byte[] huge = new byte[SIX_MIB + 1];
        Arrays.fill(huge, (byte) ' ');
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, huge).contentType("text/plain").signature(null).send(), 413, "PAYLOAD_TOO_LARGE");
        // Procore's route reads its hook's header first: without it nothing else is looked at; with it, an oversize
        // body is answered 200 dropped (ProcoreWebhookIT), as Procore pauses the hook's queue on anything else
        assertProblem(api.procoreSide.procoreDeliver(huge, null), 401, "INVALID_SIGNATURE");

        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-12", "J-12", 1).lump("A", "10.00").json());
        byte[] json = Json.write(event).getBytes(StandardCharsets.UTF_8);
        byte[] exactly = new byte[SIX_MIB];
        Arrays.fill(exactly, (byte) ' ');
        System.arraycopy(json, 0, exactly, 0, json.length);
        assertApplied(api.spectrum.delivery(Source.SPECTRUM, exactly).send());
        assertEquals(1, api.listed("W-12", "staged").path("erpVersion").asLong());
    }

    @Test
    void onlyApplicationJsonIsAccepted() {
        for (String type : Arrays.asList(null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "application/json-patch+json", "")) {
            ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-13", "J-13", 1).lump("A", "1.00").json());
            assertProblem(api.spectrum.delivery(Source.SPECTRUM, event).contentType(type).send(), 415, "UNSUPPORTED_MEDIA_TYPE");
        }
        long version = 1;
        for (String type : List.of("application/json; charset=utf-8", "Application/JSON", " application/json ")) {
            ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-13", "J-13", version++).lump("A", "1.00").json());
            assertApplied(api.spectrum.delivery(Source.SPECTRUM, event).contentType(type).send());
        }
    }

    @Test
    void checksRunInTheirOrderSizeTypeSignatureSchemaRulesThenDuplicate() {
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, notJson).contentType("text/plain").signature("t=1,v1=00").send(),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, notJson).signature("t=1,v1=00").send(), 401, "INVALID_SIGNATURE");
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, notJson).send(), 400, "VALIDATION_FAILED");

        ObjectNode schemaAndRules = api.spectrum.envelope("prime_contract.upserted",
                snapshot("W-14", "J-14", 1).amount("99.00").lump("A", "10.00").json());
        schemaAndRules.put("occurredAt", "not a time");
        JsonNode schema = assertProblem(api.spectrum.deliver(Source.SPECTRUM, schemaAndRules), 400, "VALIDATION_FAILED");
        assertEquals(List.of("occurredAt"), violationFields(schema), "the contract rules wait for a valid schema");

        ObjectNode valid = api.spectrum.envelope("prime_contract.upserted", snapshot("W-14", "J-14", 1).lump("A", "10.00").json());
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, valid));
        ObjectNode brokenUnderSameId = valid.deepCopy();
        brokenUnderSameId.set("data", snapshot("W-14", "J-14", 2).amount("99.00").lump("A", "10.00").json());
        assertProblem(api.spectrum.deliver(Source.SPECTRUM, brokenUnderSameId), 422, "INVALID_CONTRACT");
        assertResult(api.spectrum.deliver(Source.SPECTRUM, valid), "duplicate");
    }

    // ------------------------------------------------------------------ 400

    @Test
    void malformedJsonIs400AndStoresNothing() {
        for (String body : List.of("{", "", "   ", "{}x", "nul", "{\"id\":\"a\",\"id\":\"b\"}", "\"text\"")) {
            assertProblem(api.spectrum.delivery(Source.SPECTRUM, body.getBytes(StandardCharsets.UTF_8)).send(), 400, "VALIDATION_FAILED");
        }
        for (String body : List.of("[]", "42", "null")) {
            JsonNode problem = assertProblem(api.spectrum.delivery(Source.SPECTRUM, body.getBytes(StandardCharsets.UTF_8)).send(),
                    400, "VALIDATION_FAILED");
            assertEquals(List.of("body"), violationFields(problem), body);
        }
        byte[] latin1 = new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE9, '"', '}'};
        // bytes that are not UTF-8 only survive API Gateway base64-encoded
        assertProblem(api.spectrum.delivery(Source.SPECTRUM, latin1).base64().send(), 400, "VALIDATION_FAILED");
        assertEquals(0, api.user.list().query("status", "staged").send().json().path("items").size());
    }

    @Test
    void anUnknownTypeOrOneOfTheOtherSourceIs400() {
        ObjectNode unknown = api.spectrum.envelope("prime_contract.exploded", snapshot("W-15", "J-15", 1).lump("A", "1.00").json());
        JsonNode problem = assertProblem(api.spectrum.deliver(Source.SPECTRUM, unknown), 400, "VALIDATION_FAILED");
        assertEquals(List.of("type"), violationFields(problem));
        assertTrue(problem.path("violations").get(0).path("message").asText().contains("prime_contract.upserted"), problem.toString());

        ObjectNode upsert = api.spectrum.envelope("prime_contract.upserted", snapshot("W-15", "J-15", 1).lump("A", "1.00").json());
        ObjectNode job = api.spectrum.envelope("job.synced", Json.object().put("jobNumber", "J-15").put("projectId", api.project));
        assertEquals(List.of("type"), violationFields(assertProblem(api.spectrum.deliver(Source.SPECTRUM, job), 400, "VALIDATION_FAILED")),
                "the retired project-side envelope is no type of the ERP's");
        assertNull(api.listed("W-15", "staged"));
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, upsert));
    }

    static Stream<Arguments> identifierViolations() {
        return Stream.of(
                Arguments.of("prime_contract.upserted", "data.contractId", "-K"),
                Arguments.of("prime_contract.upserted", "data.contractId", "K".repeat(65)),
                Arguments.of("prime_contract.upserted", "data.contractId", "K 1"),
                Arguments.of("prime_contract.upserted", "data.jobNumber", "J/1"),
                Arguments.of("prime_contract.upserted", "data.jobNumber", "J".repeat(33)),
                Arguments.of("prime_contract.deleted", "data.contractId", ".K"),
                Arguments.of("prime_contract.deleted", "data.erpVersion", "0"),
                Arguments.of("prime_contract.deleted", "companyId", "abc"),
                Arguments.of("prime_contract.deleted", "companyId", "1".repeat(21)),
                Arguments.of("prime_contract.upserted", "companyId", ""),
                Arguments.of("prime_contract.upserted", "id", ""),
                Arguments.of("prime_contract.upserted", "id", "e".repeat(129)),
                Arguments.of("prime_contract.deleted", "id", "évènement"),
                Arguments.of("prime_contract.deleted", "occurredAt", "yesterday"),
                Arguments.of("prime_contract.deleted", "occurredAt", "2026-11-29T14:05:00"));
    }

    @ParameterizedTest(name = "{0} with {1} = \"{2}\"")
    @MethodSource("identifierViolations")
    void everyFieldPatternViolationIs400AndStoresNothing(String type, String field, String value) {
        String eventId = SpectrumSide.newEventId();
        ObjectNode event = api.spectrum.envelope(eventId, type, api.spectrum.nextOccurredAt(), validData(type));
        ObjectNode target = field.startsWith("data.") ? (ObjectNode) event.get("data") : event;
        String name = field.startsWith("data.") ? field.substring(5) : field;
        if (name.equals("erpVersion")) {
            target.put(name, Long.parseLong(value));
        } else {
            target.put(name, value);
        }
        JsonNode problem = assertProblem(api.spectrum.deliver(Source.SPECTRUM, event), 400, "VALIDATION_FAILED");
        assertEquals(List.of(field), violationFields(problem));

        assertEquals(0, api.user.list().query("status", "staged").send().json().path("items").size(), "nothing was stored");
        ObjectNode genuine = api.spectrum.envelope(eventId, type, api.spectrum.nextOccurredAt(), validData(type));
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, genuine));
    }

    @Test
    void everySchemaViolationIsReportedAtOnce() {
        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-16", "J-16", 1).lump("A", "10.00").json());
        event.put("companyId", "acme");
        event.put("occurredAt", "soon");
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("contractId", "bad id");
        data.put("erpVersion", 0);
        data.put("originalContractAmount", 10.0);
        ((ObjectNode) data.get("lineItems").get(0)).put("amount", "10");
        JsonNode problem = assertProblem(api.spectrum.deliver(Source.SPECTRUM, event), 400, "VALIDATION_FAILED");
        assertEquals(List.of("companyId", "occurredAt", "data.contractId", "data.erpVersion", "data.originalContractAmount",
                "data.lineItems[0].amount"), violationFields(problem));
    }

    // ------------------------------------------------------------------ 422

    static Stream<Arguments> brokenContracts() {
        return Stream.of(
                Arguments.of("the lines do not add up", "originalContractAmount",
                        snapshot("W-20", "J-20", 1).amount("100.00").lump("A", "60.00").lump("B", "30.00")),
                Arguments.of("an item code repeats", "lineItems[1].itemCode",
                        snapshot("W-20", "J-20", 1).lump("A", "60.00").lump("A", "30.00")),
                Arguments.of("an item code is too long", "lineItems[0].itemCode",
                        snapshot("W-20", "J-20", 1).lump("ABCDEFGHIJK", "60.00")),
                Arguments.of("an item code has a bad character", "lineItems[0].itemCode",
                        snapshot("W-20", "J-20", 1).lump("A B", "60.00")),
                Arguments.of("quantity times unit price is not the amount", "lineItems[0].amount",
                        snapshot("W-20", "J-20", 1).unit("A", "Rebar", "3", "TN", "1.50", "4.60")),
                Arguments.of("the title is too long", "title",
                        snapshot("W-20", "J-20", 1).title("T".repeat(256)).lump("A", "1.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenContracts")
    void aSnapshotBreakingAContractRuleIs422AndIsRememberedAsRefused(String why, String field, Snapshot snapshot) {
        String eventId = SpectrumSide.newEventId();
        ObjectNode event = api.spectrum.envelope(eventId, "prime_contract.upserted", api.spectrum.nextOccurredAt(), snapshot.json());
        JsonNode problem = assertProblem(api.spectrum.deliver(Source.SPECTRUM, event), 422, "INVALID_CONTRACT");
        assertTrue(violationFields(problem).contains(field), why + ": " + problem);
        // a contract never seen before, known by its refusal alone: on the Staged tab, with what to fix in Spectrum
        JsonNode staged = api.listed("W-20", "staged");
        assertEquals(0, staged.path("erpVersion").asLong(), "no version of it accepted");
        assertEquals("J-20", staged.path("jobNumber").asText());
        JsonNode reason = staged.path("import").path("reasons").get(reasonCodes(staged.path("import").path("reasons"))
                .indexOf("ERP_SNAPSHOT_REFUSED"));
        assertEquals(1, reason.path("details").path("erpVersion").asLong(), reason.toString());
        assertEquals(eventId, reason.path("details").path("eventId").asText());
        assertTrue(texts(reason.path("details").path("problems"), "field").contains(field), reason.toString());
        JsonNode eligibility = api.user.eligibility("W-20").send().json();
        assertTrue(reasonCodes(eligibility.path("reasons")).contains("ERP_SNAPSHOT_REFUSED"), eligibility.toString());
        // the fix, under the same event id (the refusal recorded no event): accepted, and the refusal is over
        ObjectNode fixed = api.spectrum.envelope(eventId, "prime_contract.upserted", api.spectrum.nextOccurredAt(),
                snapshot("W-20", "J-20", 1).lump("A", "1.00").json());
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, fixed));
        assertFalse(reasonCodes(api.listed("W-20", "staged").path("import").path("reasons")).contains("ERP_SNAPSHOT_REFUSED"));
    }

    /**
     * A refused version of a known contract leaves what was accepted as it was and shows until a later version is
     * accepted; an older refusal than what is stored says nothing.
     */
    @Test
    void aRefusedVersionOfAnImportedContractBlocksItsReimportUntilACorrectedOneArrives() {
        api.imported(snapshot("W-22", "J-22", 1).lump("A", "10.00"));
        api.spectrum.upsert(snapshot("W-22", "J-22", 2).lump("A", "11.00"));
        assertProblem(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot("W-22", "J-22", 3).amount("99.00").lump("A", "12.00").json())), 422, "INVALID_CONTRACT");
        JsonNode listed = api.listed("W-22", "synced");
        assertEquals(2, listed.path("erpVersion").asLong(), "what was accepted stays");
        assertEquals(List.of("ERP_SNAPSHOT_REFUSED"), reasonCodes(listed.path("reimport").path("reasons")));
        JsonNode details = listed.path("reimport").path("reasons").get(0).path("details");
        assertEquals(3, details.path("erpVersion").asLong());
        assertEquals(List.of("originalContractAmount"), texts(details.path("problems"), "field"));
        assertProblem(api.user.reimport("W-22").send(), 409, "REIMPORT_NOT_ALLOWED");
        // an older refusal after it says nothing new
        assertProblem(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted",
                snapshot("W-22", "J-22", 2).amount("98.00").lump("A", "12.00").json())), 422, "INVALID_CONTRACT");
        assertEquals(3, api.listed("W-22", "synced").path("reimport").path("reasons").get(0).path("details")
                .path("erpVersion").asLong());
        api.spectrum.upsert(snapshot("W-22", "J-22", 4).lump("A", "12.00"));
        JsonNode fixed = api.listed("W-22", "synced");
        assertTrue(fixed.path("reimport").path("enabled").asBoolean(), fixed.toString());
        assertEquals(4, fixed.path("erpVersion").asLong());
    }

    @Test
    void aBrokenSnapshotCannotOverwriteAStoredOne() {
        api.spectrum.upsert(snapshot("W-21", "J-21", 1).lump("A", "10.00"));
        ObjectNode partialUnits = snapshot("W-21", "J-21", 2).lump("A", "10.00").json();
        ((ObjectNode) partialUnits.get("lineItems").get(0)).put("quantity", "2");
        JsonNode problem = assertProblem(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted", partialUnits)),
                422, "INVALID_CONTRACT");
        assertEquals(List.of("lineItems[0].unitOfMeasure"), violationFields(problem));
        assertEquals(1, api.listed("W-21", "staged").path("erpVersion").asLong());

        Snapshot tooMany = snapshot("W-21", "J-21", 3);
        for (int i = 0; i <= 5000; i++) {
            tooMany.lump("L" + i, "1.00");
        }
        JsonNode lines = assertProblem(api.spectrum.deliver(Source.SPECTRUM, api.spectrum.envelope("prime_contract.upserted", tooMany.json())),
                422, "INVALID_CONTRACT");
        assertEquals(List.of("lineItems"), violationFields(lines));
        assertEquals(1, api.listed("W-21", "staged").path("erpVersion").asLong());
    }

    // ------------------------------------------------------------------ transport

    @Test
    void aBase64EncodedBodyIsVerifiedAndAppliedLikeAnyOther() {
        ObjectNode event = api.spectrum.envelope("prime_contract.upserted", snapshot("W-22", "J-22", 1).title("Café Ümlaut")
                .lump("A", "10.00").json());
        assertApplied(api.spectrum.delivery(Source.SPECTRUM, event).base64().send());
        assertEquals("Café Ümlaut", api.listed("W-22", "staged").path("title").asText());
        assertResult(api.spectrum.delivery(Source.SPECTRUM, event).send(), "duplicate");
    }

    @Test
    void otherMethodsAndPathsAre404() {
        ObjectNode event = api.spectrum.envelope("prime_contract.deleted", Json.object().put("contractId", "W-23").put("erpVersion", 1));
        SpectrumSide.Delivery delivery = api.spectrum.delivery(Source.SPECTRUM, event);
        var get = delivery.event();
        get.setHttpMethod("GET");
        assertProblem(Response.of(api.webhooks.handleRequest(get, null), api.tableName, get), 404, "NOT_FOUND");
        var other = delivery.event();
        other.setResource("/webhooks/github");
        assertProblem(Response.of(api.webhooks.handleRequest(other, null), api.tableName, other), 404, "NOT_FOUND");
        assertApplied(api.spectrum.deliver(Source.SPECTRUM, event));
    }

    private ObjectNode validData(String type) {
        return switch (type) {
            case "prime_contract.upserted" -> snapshot("K-1", "J-1", 1).lump("A", "1.00").json();
            case "prime_contract.deleted" -> Json.object().put("contractId", "K-1").put("erpVersion", 1);
            default -> throw new IllegalArgumentException(type);
        };
    }
}
