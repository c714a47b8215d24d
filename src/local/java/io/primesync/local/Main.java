package io.primesync.local;

import io.primesync.local.procore.ProcoreSimulator;
import io.primesync.local.spectrum.LocalSpectrum;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runtime's command line:
 * <pre>
 * serve  [--port 3000] [--data-dir .primesync/data | --in-memory] [--demo]
 * invoke FUNCTION [--event FILE] [--resign] [--demo] [--data-dir DIR | --in-memory]
 * sample-events [DIR]
 * sign [--in-place] FILE...
 * </pre>
 * Run with {@code mvn -q test-compile exec:java -Dexec.args="serve --demo"}.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage:",
            "  serve  [--port 3000] [--procore-port PORT+1] [--data-dir .primesync/data | --in-memory] [--demo]",
            "         [--schedule-period 30s]  (every schedule of the template on this period: 10s, 2m, 1h)",
            "         [--no-throttle]  (API Gateway's throttling of the routes, as the template sets it, is on by default)",
            "         [--spectrum-port PORT+2] [--agent-period 5s] [--spectrum-company CODE=PROCORE_ID]...",
            "         (the local Spectrum and the agent reading it; --demo maps Spectrum company 1 to the demo's 1001)",
            "         the API of template.yaml on http://127.0.0.1:PORT, with the real handlers, the local engines, the",
            "         sync worker on the local queue, the sweeper on its schedule and the Procore simulator;",
            "         --demo loads the demo company through the webhook routes and prints tokens and curl commands",
            "  invoke FUNCTION [--event FILE] [--resign] [--demo] [--data-dir .primesync/data | --in-memory]",
            "         runs one function of template.yaml (e.g. ListContractsFunction) once on an event (a file, a",
            "         file of events/, or stdin) under Lambda's runtime interface client and prints its response;",
            "         --resign signs a webhook event anew; --demo loads the demo company first (harmless when it is",
            "         there). It cannot share a data directory with a running serve.",
            "  procore-hooks COMPANY --url DESTINATION [--procore URL] [--deliveries]",
            "         creates, or brings up to date, the product's webhook in Procore for COMPANY: deliveries to",
            "         DESTINATION (e.g. http://127.0.0.1:3000/webhooks/procore) with the Procore webhook secret, for",
            "         every resource the product follows; --deliveries lists what Procore delivered. Procore is the",
            "         one PROCORE_API_URL names when set, else the simulator at --procore (default http://127.0.0.1:3001)",
            "  sample-events [DIR]",
            "         writes the sample events (default events/)",
            "  sign [--in-place] FILE...",
            "         prints webhook sample files signed anew with the local secrets and the current time;",
            "         --in-place rewrites the files instead");

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.in, System.out, System.err);
        } catch (IOException e) {
            System.err.println(e.getMessage());
            code = 1;
        }
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** @return the exit code, or -1 when a server was started and keeps running */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws IOException {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = rest.poll();
        if (command == null || command.equals("help") || command.equals("--help") || command.equals("-h")) {
            (command == null ? err : out).println(USAGE);
            return command == null ? 2 : 0;
        }
        if (out == System.out) {
            // What functions print is their log (CloudWatch in AWS): it goes to stderr, so that stdout carries only
            // the request log of serve and the response of invoke.
            System.setOut(err);
        }
        LocalServer.Options options = LocalServer.Options.defaults().withLogs(out, err);
        try {
            switch (command) {
                case "serve" -> {
                    return serve(rest, options, out, err);
                }
                case "invoke" -> {
                    return invoke(rest, options, in, out, err);
                }
                case "procore-hooks" -> {
                    return ProcoreHooks.run(rest, System::getenv, out);
                }
                case "sample-events" -> {
                    Path dir = Path.of(rest.isEmpty() ? "events" : rest.poll());
                    SampleEvents.writeAll(dir, Instant.now().getEpochSecond());
                    out.println("wrote the sample events in " + dir);
                    return 0;
                }
                case "sign" -> {
                    boolean inPlace = rest.remove("--in-place");
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("sign: name the webhook event files to sign anew");
                    }
                    if (!inPlace && rest.size() > 1) {
                        throw new IllegalArgumentException("sign: one file at a time to standard output, or --in-place");
                    }
                    for (String file : rest) {
                        String signed = SampleEvents.resigned(Path.of(file));
                        if (inPlace) {
                            Files.writeString(Path.of(file), signed);
                            err.println("rewrote " + file + " with a signature made now");
                        } else {
                            out.print(signed);
                        }
                    }
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    /** A period such as {@code 30s}, {@code 2m} or {@code 1h}: at least a second, at most a day. */
    static Duration period(String value) {
        Matcher m = Pattern.compile("([0-9]{1,5})([smh])").matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--schedule-period is a number of seconds, minutes or hours (30s, 2m, 1h),"
                    + " not " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--schedule-period is from 1s to 24h, not " + value);
        }
        return d;
    }

    private static int serve(Deque<String> args, LocalServer.Options options, PrintStream out, PrintStream err) {
        LocalServer.Options o = options;
        LocalServer.Spectrum spectrum = o.spectrum();
        while (!args.isEmpty()) {
            String arg = args.poll();
            switch (arg) {
                case "--spectrum-port" -> spectrum = spectrum.withPort(port(value(args, arg)));
                case "--agent-period" -> spectrum = spectrum.withAgentPeriod(period(value(args, arg)));
                case "--spectrum-company" -> {
                    String[] pair = value(args, arg).split("=", 2);
                    if (pair.length != 2 || !pair[0].matches("[A-Za-z0-9]{1,3}") || !pair[1].matches("[0-9]{1,18}")) {
                        throw new IllegalArgumentException("--spectrum-company is CODE=PROCORE_COMPANY_ID (a Spectrum"
                                + " Company_Code of 1 to 3 characters, a Procore company id), not " + String.join("=", pair));
                    }
                    spectrum = spectrum.withCompany(pair[0], pair[1]);
                }
                case "--port" -> o = o.withPort(port(value(args, arg)));
                case "--data-dir" -> o = o.withDataDir(Path.of(value(args, arg)));
                case "--in-memory" -> o = o.inMemory();
                case "--demo" -> o = o.withDemo(true);
                case "--procore-port" -> o = o.withProcorePort(port(value(args, arg)));
                case "--schedule-period" -> o = o.withSchedulePeriod(period(value(args, arg)));
                case "--no-throttle" -> o = o.withThrottling(false);
                default -> throw new IllegalArgumentException("serve: unknown option " + arg);
            }
        }
        o = o.withSpectrum(spectrum);
        LocalServer server;
        try {
            server = LocalServer.start(o);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-server-stop"));
        Map<String, String> spectrumCompanies = server.spectrumCompanies();
        Duration agentPeriod = o.spectrum().agentPeriod();
        out.println("PrimeSync local API on " + server.baseUri() + " (also under /" + server.stage() + "), data "
                + (o.dataDir() == null ? "in memory" : "in " + o.dataDir().toAbsolutePath()));
        out.println("Local Spectrum on " + server.spectrum().baseUri() + " (import POST /contract/scheduleofvalues, Basic"
                + " <Company_Code>:" + LocalSpectrum.AUTHORIZATION_ID + "; screens under /_spectrum/); the agent reads"
                + (spectrumCompanies.isEmpty() ? " no company (--spectrum-company CODE=PROCORE_ID)"
                        : " companies " + spectrumCompanies + " every " + agentPeriod.toSeconds() + " s"));
        out.println(server.simulatesProcore()
                ? "Procore simulator on " + server.procoreUri() + " (client " + ProcoreSimulator.CLIENT_ID + " / "
                        + ProcoreSimulator.CLIENT_SECRET + ")"
                : "Procore: " + server.procoreUri() + " (PROCORE_API_URL; no simulator)");
        for (LocalApi.Route route : LocalApi.from(Template.load(o.template())).routes()) {
            out.printf("  %-6s %s  -> %s%s%n", route.method(), route.resource(), route.functionId(),
                    route.authorized() ? "" : "  (no token; signed)");
        }
        if (server.demo() != null) {
            out.println("The demo was loaded through the API: " + server.demoRequests() + " requests, logged with what"
                    + " the functions said of them in " + DemoInstructions.LOAD_LOG + ".");
            try {
                DemoInstructions.writeTokenFile(server.baseUri(), server.procoreUri(), server.demo().tokens());
            } catch (IOException e) {
                err.println("Could not write " + DemoInstructions.TOKEN_FILE + ": " + e.getMessage());
            }
            out.println(DemoInstructions.instructions(server.baseUri(), server.procoreUri(),
                    server.spectrum().baseUri(), server.demo().tokens()));
        }
        out.println("The web page: " + server.baseUri() + "/" + (server.demo() != null
                ? " (sign in as one of the demo users)" : " (sign in with a bearer token)"));
        out.println("Ctrl-C stops the server.");
        // the line scripts and the README wait for: from here on every route answers
        out.println("PrimeSync is ready on " + server.baseUri());
        out.flush();
        try {
            String why = server.engineStopped().get();
            err.println(why + " PrimeSync stops here" + (o.dataDir() == null ? "."
                    : "; the data is kept in " + o.dataDir().toAbsolutePath() + ".")
                    + " Start ./primesync serve again.");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int invoke(Deque<String> args, LocalServer.Options options, InputStream in, PrintStream out,
            PrintStream err) throws IOException {
        String function = args.poll();
        if (function == null || function.startsWith("-")) {
            throw new IllegalArgumentException("invoke: name a function of template.yaml, e.g. ListContractsFunction");
        }
        Path event = null;
        boolean resign = false;
        boolean demo = false;
        LocalServer.Options o = options;
        while (!args.isEmpty()) {
            String arg = args.poll();
            switch (arg) {
                case "--event", "-e" -> event = Path.of(value(args, arg));
                case "--resign" -> resign = true;
                case "--demo" -> demo = true;
                case "--data-dir" -> o = o.withDataDir(Path.of(value(args, arg)));
                case "--in-memory" -> o = o.inMemory();
                default -> throw new IllegalArgumentException("invoke: unknown option " + arg);
            }
        }
        return Invoke.run(function, event, resign, demo, o, in, out, err);
    }

    private static String value(Deque<String> args, String option) {
        String value = args.poll();
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a port number, not " + value);
        }
    }
}
