package io.primesync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.local.spectrum.SpectrumDatabase;
import io.primesync.local.spectrum.SpectrumDatabase.Item;
import io.primesync.testing.SignedReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar primesync-agent.jar agent.properties}: its config file (every problem named at once), {@code
 * --check} of the mapped columns, and one round over JDBC and HTTP, each event signed so that the product's own
 * signature check takes it.
 */
class AgentMainIT {
    private static final String SECRET = "agent-main-secret";
    private final Mapping mapping = Mapping.defaults();
    private SpectrumDatabase spectrum;
    private SignedReceiver product;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        spectrum = SpectrumDatabase.inMemory(mapping);
        spectrum.job("1", "24-101", "Riverside", "A");
        spectrum.contract("1", "24-101", "OWNER1", "300.00", false, null, List.of(Item.fixed("A", "Sitework", "300.00")));
        product = new SignedReceiver(SECRET);
        dir = Files.createTempDirectory("agent-main");
    }

    @AfterEach
    void stop() throws Exception {
        product.close();
        spectrum.close();
    }

    private Path config(String extra) throws Exception {
        Files.writeString(dir.resolve("secret"), SECRET + "\n");
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "spectrum.url=" + spectrum.url() + "\nspectrum.user=" + SpectrumDatabase.READER
                + "\nspectrum.password=" + SpectrumDatabase.READER_PASSWORD + "\ncompany.1=1001\nproduct.url=" + product.url()
                + "\nproduct.secretFile=secret\nstate=state\n" + extra);
        return file;
    }

    private static int run(PrintStream out, String... args) throws Exception {
        return AgentMain.run(List.of(args), out);
    }

    @Test
    void oneRoundReadsSpectrumAndDeliversSignedEvents() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(new PrintStream(out, true, StandardCharsets.UTF_8), config("").toString(), "--check"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("every mapped column is there"), out.toString());
        assertEquals(0, run(new PrintStream(out, true, StandardCharsets.UTF_8), config("").toString(), "--once"));
        assertEquals(1, product.received().size(), out.toString());
        assertEquals("1.24-101.OWNER1", product.received().get(0).path("data").path("contractId").asText());
        assertEquals("1001", product.received().get(0).path("companyId").asText());
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().allMatch(l -> l.startsWith("{\"timestamp\"")), "JSON lines: " + log);
        assertTrue(log.contains("read 1 contracts (1 changed") && log.contains("sent 1, refused 0, waiting 0"), log);
        assertTrue(Files.exists(dir.resolve("state/state.json")), "the state is kept beside the config");
        assertEquals(0, run(new PrintStream(out, true, StandardCharsets.UTF_8), config("").toString(), "--once"));
        assertEquals(1, product.received().size(), "nothing sent again");
    }

    @Test
    void aBadConfigAMissingColumnAndARefusedSignatureStopWithAMessage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "spectrum.url=http://not-jdbc\ncompany.1=ACME\nperiod=soon\n");
        assertEquals(2, run(new PrintStream(out, true, StandardCharsets.UTF_8), bad.toString(), "--once"));
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("spectrum.url must be a JDBC URL") && said.contains("spectrum.user is required")
                && said.contains("company.1 must be the Procore company id") && said.contains("period must be"), said);

        Files.writeString(dir.resolve("mapping.properties"), "contract.amount=Contract_Amt\n");
        out.reset();
        assertEquals(2, run(new PrintStream(out, true, StandardCharsets.UTF_8),
                config("mapping=mapping.properties\n").toString(), "--once"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("CR_CONTRACT_MASTER_MC.Contract_Amt"), out.toString());
        assertEquals(List.of(), product.received(), "nothing read, nothing sent");

        out.reset();
        Path wrongSecret = config("product.secretFile=\nproduct.secret=not-it\n");
        assertEquals(2, run(new PrintStream(out, true, StandardCharsets.UTF_8), wrongSecret.toString(), "--once"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopped: the product refused the agent's signature"),
                out.toString());
    }
}
