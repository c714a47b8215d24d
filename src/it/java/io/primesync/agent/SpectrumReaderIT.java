package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's read of Spectrum against the local Spectrum's Info-Link database (H2 in its SQL Server mode): keys
 * CHAR-padded and trimmed, fixed and unit-price contracts, two customers on one job, a contract without items, the
 * job joined in, a read-only login, and the start-up check naming every mapped column the database lacks.
 */
class SpectrumReaderIT {
    private final Mapping mapping = Mapping.defaults();
    private SpectrumDatabase spectrum;

    @AfterEach
    void close() throws SQLException {
        if (spectrum != null) {
            spectrum.close();
        }
    }

    private List<SpectrumContract> read(String company) throws SQLException {
        List<SpectrumContract> out = new ArrayList<>();
        try (Connection db = spectrum.reader()) {
            SchemaCheck.require(db, mapping);
            new SpectrumReader(mapping).read(db, company, out::add);
        }
        return out;
    }

    @Test
    void eachContractIsReadWholeWithItsKeysTrimmed() throws Exception {
        spectrum = SpectrumDatabase.inMemory(mapping);
        spectrum.job("1", "24-101", "Riverside", "A");
        spectrum.job("1", "24-102", "Harbor", "I");
        spectrum.contract("1", "24-101", "OWNER1", "300.00", false, "10.00",
                List.of(Item.fixed("B", "Framing", "200.00"), Item.fixed("A", "Sitework", "100.00")));
        // a second customer on the same job: a second contract
        spectrum.contract("1", "24-101", "OWNER2", "50.00", false, null, List.of(Item.fixed("A", "Fence", "50.00")));
        spectrum.contract("1", "24-102", "OWNER1", "45.00", true, null, List.of(
                new Item("G1", "CONC", "Concrete", "30.00", "10", "CY", "3"),
                new Item("G2", "CONC", "Concrete", "15.00", "5", "CY", "3")));
        spectrum.contract("1", "24-103", "OWNER1", "0.00", false, null, List.of());
        spectrum.contract("2", "24-101", "OTHER", "1.00", false, null, List.of(Item.fixed("A", "Other", "1.00")));

        try (Connection db = spectrum.reader(); java.sql.ResultSet raw = db.createStatement().executeQuery("SELECT "
                + mapping.name("contract.job") + " FROM " + mapping.name("contract.table"))) {
            raw.next();
            assertEquals(10, raw.getString(1).length(), "Spectrum's keys are CHAR, padded: '" + raw.getString(1) + "'");
        }
        List<SpectrumContract> read = read("1");
        assertEquals(List.of("24-101/OWNER1", "24-101/OWNER2", "24-102/OWNER1", "24-103/OWNER1"),
                read.stream().map(c -> c.job() + "/" + c.customer()).toList(), "CHAR-padded keys come trimmed");
        SpectrumContract first = read.get(0);
        assertEquals("Riverside", first.jobDescription());
        assertEquals("A", first.jobStatus());
        assertEquals(0, new BigDecimal("300.00").compareTo(first.originalAmount()));
        assertEquals(0, new BigDecimal("10.00").compareTo(first.retentionPercent()));
        assertEquals(List.of("A", "B"), first.items().stream().map(SpectrumContract.Item::code).sorted().toList());
        SpectrumContract unit = read.get(2);
        assertTrue(unit.unitPricing());
        assertEquals(List.of("G1", "G2"), unit.items().stream().map(SpectrumContract.Item::group).sorted().toList());
        assertEquals("CY", unit.items().get(0).unit());
        assertEquals(List.of(), read.get(3).items(), "a contract without items");
        assertEquals(null, read.get(3).jobStatus(), "no job row: nothing joined");
        assertEquals(1, read("2").size(), "one company's contracts only");
        assertEquals("1.24-101.OWNER1", Snapshots.snapshot(first, Snapshots.StatusRule.ALWAYS).path("contractId").asText());
    }

    @Test
    void theLoginOnlyReads() throws Exception {
        spectrum = SpectrumDatabase.inMemory(mapping);
        try (Connection db = spectrum.reader()) {
            SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().executeUpdate(
                    "DELETE FROM " + mapping.name("contract.table")));
            assertTrue(refused.getMessage().toLowerCase().contains("not enough rights")
                    || refused.getMessage().toLowerCase().contains("right"), refused.getMessage());
        }
    }

    @Test
    void aMappedColumnTheDatabaseLacksStopsTheAgentNamingEachOne() throws Exception {
        spectrum = SpectrumDatabase.inMemory(mapping);
        Path site = Files.createTempFile("mapping", ".properties");
        try {
            Files.writeString(site, "contract.amount=Contract_Amt\nunit.unitPrice=Price_Each\n");
            Mapping wrong = Mapping.from(site);
            try (Connection db = spectrum.reader()) {
                assertEquals(List.of("CR_CONTRACT_MASTER_MC.Contract_Amt", "CR_DRAW_UNIT_PRICE_BILL_MC.Price_Each"),
                        SchemaCheck.missing(db, wrong));
                IllegalStateException stop = assertThrows(IllegalStateException.class, () -> SchemaCheck.require(db, wrong));
                assertTrue(stop.getMessage().contains("CR_CONTRACT_MASTER_MC.Contract_Amt, CR_DRAW_UNIT_PRICE_BILL_MC.Price_Each")
                        && stop.getMessage().contains("mapping file"), stop.getMessage());
                assertEquals(List.of(), SchemaCheck.missing(db, mapping), "the documented names are all there");
            }
        } finally {
            Files.delete(site);
        }
    }
}
