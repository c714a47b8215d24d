package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A Spectrum contract as the product's snapshot: its id, title, status, amounts, lines, and its canonical hash. */
class SnapshotsTest {
    /** The product's contract id pattern (API.md). */
    private static final Pattern CONTRACT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private static SpectrumContract.Item fixed(String code, String amount) {
        return new SpectrumContract.Item(null, code, "Item " + code, new BigDecimal(amount), null, null, null);
    }

    private static SpectrumContract contract(String status, String amount, List<SpectrumContract.Item> items) {
        return new SpectrumContract("1", "24-101", "OWNER1", "Riverside", status, new BigDecimal(amount),
                new BigDecimal("10.00"), false, items);
    }

    @Test
    void theContractIdIsTheThreeKeysEscapedReversibly() {
        assertEquals("1.24-101.OWNER1", Snapshots.contractId("1", "24-101", "OWNER1"));
        String odd = Snapshots.contractId("Z1", "10/2024 A", "O.K_1");
        assertEquals("Z1.10_2F2024_20A.O_2EK_5F1", odd);
        assertTrue(CONTRACT_ID.matcher(odd).matches(), odd);
        assertEquals(List.of("Z1", "10/2024 A", "O.K_1"), Snapshots.keys(odd), "reversible");
        assertEquals(List.of("É", "1", ""), Snapshots.keys(Snapshots.contractId("É", "1", "")));
    }

    @Test
    void theSnapshotIsSpectrumsHeaderAndLinesAsHeld() {
        SpectrumContract c = contract("A", "300.00", List.of(fixed("B", "200"), fixed("A", "100.5")));
        JsonNode s = Snapshots.snapshot(c, Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED);
        assertEquals("1.24-101.OWNER1", s.path("contractId").asText());
        assertEquals("24-101 Prime Contract", s.path("title").asText(), "as Procore's connector titles it");
        assertEquals("unapproved", s.path("status").asText(), "100.50 + 200.00 is not 300.00: out of balance");
        assertEquals("300.00", s.path("originalContractAmount").asText(), "the header as Spectrum holds it");
        assertEquals("A", s.path("lineItems").get(0).path("itemCode").asText(), "sorted by code");
        assertEquals("100.50", s.path("lineItems").get(0).path("amount").asText());
        assertEquals("approved", Snapshots.snapshot(contract("A", "300.50", c.items()),
                Snapshots.StatusRule.JOB_ACTIVE_AND_BALANCED).path("status").asText());
        assertEquals("unapproved", Snapshots.snapshot(contract("I", "300.50", c.items()),
                Snapshots.StatusRule.JOB_ACTIVE).path("status").asText(), "an inactive job");
        assertEquals(Snapshots.StatusRule.ALWAYS, Snapshots.StatusRule.parse("always"));
        assertThrows(IllegalArgumentException.class, () -> Snapshots.StatusRule.parse("sometimes"));
    }

    @Test
    void aUnitPriceItemIsKnownByItsCodeOrByGroupAndCodeWhereTheCodeRepeats() {
        SpectrumContract c = new SpectrumContract("1", "J", "C", "d", "A", new BigDecimal("45.00"), null, true, List.of(
                new SpectrumContract.Item("G1", "CONC", "Concrete", new BigDecimal("30.00"), new BigDecimal("10"), "CY",
                        new BigDecimal("3.0000")),
                new SpectrumContract.Item("G2", "CONC", "Concrete", new BigDecimal("15.00"), new BigDecimal("5"), "CY",
                        new BigDecimal("3")),
                new SpectrumContract.Item("G2", "STEEL", "Steel", BigDecimal.ZERO, BigDecimal.ZERO, "TN", BigDecimal.ONE)));
        JsonNode lines = Snapshots.snapshot(c, Snapshots.StatusRule.ALWAYS).path("lineItems");
        assertEquals(List.of("G1-CONC", "G2-CONC", "STEEL"), List.of(lines.get(0).path("itemCode").asText(),
                lines.get(1).path("itemCode").asText(), lines.get(2).path("itemCode").asText()));
        assertEquals("10", lines.get(0).path("quantity").asText());
        assertEquals("3", lines.get(0).path("unitPrice").asText());
        assertEquals("CY", lines.get(0).path("unitOfMeasure").asText());
    }

    @Test
    void theHashIsTheSameForTheSameContractWhateverTheOrderOfItsRowsAndChangesWithIt() {
        SpectrumContract a = contract("A", "300.00", List.of(fixed("A", "100.00"), fixed("B", "200.00")));
        SpectrumContract b = contract("A", "300.00", List.of(fixed("B", "200"), fixed("A", "100.0")));
        assertEquals(Snapshots.hash(a, Snapshots.StatusRule.ALWAYS), Snapshots.hash(b, Snapshots.StatusRule.ALWAYS));
        SpectrumContract changed = contract("A", "300.00", List.of(fixed("A", "100.01"), fixed("B", "200.00")));
        assertNotEquals(Snapshots.hash(a, Snapshots.StatusRule.ALWAYS), Snapshots.hash(changed, Snapshots.StatusRule.ALWAYS));
        assertEquals(64, Snapshots.hash(a, Snapshots.StatusRule.ALWAYS).length());
    }

    @Test
    void aMappingNamesOnlySqlIdentifiersForRolesTheAgentReads() throws Exception {
        Mapping defaults = Mapping.defaults();
        assertEquals("CR_CONTRACT_MASTER_MC", defaults.name("contract.table"));
        assertTrue(defaults.columns().get("CR_DRAW_UNIT_PRICE_BILL_MC").contains("Bill_Group_Code"));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".properties");
        try {
            java.nio.file.Files.writeString(file, "contract.amount=Contract_Amount\n");
            assertEquals("Contract_Amount", Mapping.from(file).name("contract.amount"));
            assertEquals("Job_Number", Mapping.from(file).name("contract.job"), "the others stay documented");
            java.nio.file.Files.writeString(file, "contract.amount=x; DROP TABLE y\nno.such=Z\n");
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Mapping.from(file));
            assertTrue(wrong.getMessage().contains("not an SQL identifier") && wrong.getMessage().contains("no.such is not"),
                    wrong.getMessage());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
