package io.primesync.local;

import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.procore.CallListener;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreConfig;
import io.primesync.procore.ProcoreRecords;
import io.primesync.webhook.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** {@code procore-hooks}: the product's Procore webhook for a company, set up idempotently, and its deliveries. */
public final class ProcoreHooks {
    private ProcoreHooks() {}

    static int run(Deque<String> args, Function<String, String> env, PrintStream out) throws IOException {
        String company = null;
        String url = null;
        String simulator = "http://127.0.0.1:3001";
        boolean deliveries = false;
        while (!args.isEmpty()) {
            String arg = args.poll();
            switch (arg) {
                case "--url" -> url = value(args, arg);
                case "--procore" -> simulator = value(args, arg);
                case "--deliveries" -> deliveries = true;
                default -> {
                    if (arg.startsWith("--") || company != null) {
                        throw new IllegalArgumentException("procore-hooks: unknown argument " + arg);
                    }
                    company = arg;
                }
            }
        }
        if (company == null || !company.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("procore-hooks: name the Procore company id");
        }
        if (url == null || !url.matches("https?://\\S+")) {
            throw new IllegalArgumentException("procore-hooks: --url is where Procore delivers (http or https)");
        }
        Map<String, String> settings = new HashMap<>();
        boolean configured = env.apply(ProcoreConfig.API_URL) != null && !env.apply(ProcoreConfig.API_URL).isBlank();
        if (configured) {
            for (String name : new String[] {ProcoreConfig.API_URL, ProcoreConfig.LOGIN_URL, ProcoreConfig.CLIENT_ID,
                    ProcoreConfig.CLIENT_SECRET}) {
                settings.put(name, env.apply(name));
            }
        } else {
            settings.putAll(simulatorSettings(simulator));
        }
        // each company's hook sends a secret of that company's own
        String secret = LocalSettings.secretFor(env, Source.PROCORE, company);
        ProcoreClient procore;
        try {
            procore = client(settings);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("procore-hooks: " + e.getMessage());
        }
        HookSetup.Result result;
        try {
            result = new HookSetup(procore, HookSetup.payloadVersion(env)).ensure(company, url, secret, HookSetup.followed(env));
        } catch (RuntimeException e) {
            throw new IOException("procore-hooks: Procore at " + settings.get(ProcoreConfig.API_URL) + " answered: "
                    + e.getMessage(), e);
        }
        out.println("Webhook " + result.hook().id() + " of company " + company + " (namespace " + HookSetup.NAMESPACE
                + ", payload " + result.hook().payloadVersion() + ") delivers to " + result.hook().destinationUrl()
                + (result.created() ? "; created" : result.reenabled() ? "; it was disabled and is active again"
                : "; already there") + ". Triggers added: " + (result.triggersAdded().isEmpty()
                ? "none" : String.join(", ", result.triggersAdded())) + "; kept: " + result.triggersKept() + "."
                + (result.triggersRefused().isEmpty() ? "" : " Refused by Procore: "
                + String.join(", ", result.triggersRefused()) + ".")
                + (result.elsewhere().isEmpty() ? "" : " Other hooks of the namespace, left as they are (delete the ones"
                + " no deployment uses): " + String.join(", ", result.elsewhere()) + "."));
        if (deliveries) {
            for (ProcoreRecords.Delivery d : procore.deliveries(company, result.hook().id(), null)) {
                out.printf("  delivery %s: %s %s %s -> %s after %d attempt(s)%n", d.id(),
                        d.resourceName(), d.eventType(), d.resourceId(), d.status(), d.attempts());
            }
        }
        return 0;
    }

    /** Makes the product's hook for the company in the simulator at {@code simulator}, delivering to {@code url}. */
    public static HookSetup.Result inSimulator(String simulator, String company, String url, String secret) {
        return new HookSetup(client(simulatorSettings(simulator)), HookSetup.DEFAULT_PAYLOAD_VERSION).ensure(company, url, secret,
                HookSetup.followed(name -> null));
    }

    /** The product's service account in the simulator at {@code base}. */
    public static Map<String, String> simulatorSettings(String base) {
        return Map.of(ProcoreConfig.API_URL, base, ProcoreConfig.LOGIN_URL, base,
                ProcoreConfig.CLIENT_ID, ProcoreSimulator.CLIENT_ID, ProcoreConfig.CLIENT_SECRET, ProcoreSimulator.CLIENT_SECRET);
    }

    public static ProcoreClient client(Map<String, String> settings) {
        return new ProcoreClient(ProcoreConfig.from(settings::get, () -> settings.get(ProcoreConfig.CLIENT_SECRET)),
                Clock.systemUTC(), CallListener.NONE);
    }

    private static String value(Deque<String> args, String name) {
        String v = args.poll();
        if (v == null) {
            throw new IllegalArgumentException("procore-hooks: " + name + " needs a value");
        }
        return v;
    }
}
