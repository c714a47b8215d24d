package io.primesync.testing;

import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.procore.SimulatorClient;
import io.primesync.procore.ProcoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Procore the integration tests talk to: the project's simulator, started once per test JVM on a free port, in
 * memory. Tests isolate themselves by company id (faults and rate limits can be set for one company alone).
 */
public final class LocalProcore {
    private static LocalProcore instance;

    private final ProcoreSimulator simulator;
    private final SimulatorClient client;

    private LocalProcore(ProcoreSimulator simulator) {
        this.simulator = simulator;
        this.client = new SimulatorClient(simulator.baseUri());
    }

    public static synchronized LocalProcore get() {
        if (instance == null) {
            try {
                instance = new LocalProcore(ProcoreSimulator.start(0, null, Clock.systemUTC()));
                instance.simulator.observe(ProcoreDescription.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("[integration] Procore simulator listening at " + instance.simulator.baseUri());
            Runtime.getRuntime().addShutdownHook(new Thread(instance.simulator::close, "procore-simulator-stop"));
        }
        return instance;
    }

    public SimulatorClient client() {
        return client;
    }

    public ProcoreSimulator simulator() {
        return simulator;
    }

    /**
     * What a function needs to talk to the simulator, with timeouts short enough for tests that make Procore slow on
     * purpose.
     */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(simulator.clientEnvironment());
        env.put(ProcoreConfig.REQUEST_TIMEOUT_MILLIS, "4000");
        env.put(ProcoreConfig.CONNECT_TIMEOUT_MILLIS, "1000");
        return env;
    }

    /** A company of its own, with Procore's default limits or, when {@code generous}, limits no test reaches. */
    public String company(String companyId, boolean generous) {
        client.company(companyId);
        if (generous) {
            client.rateLimits(companyId, 1_000_000, 100_000);
        }
        return companyId;
    }
}
