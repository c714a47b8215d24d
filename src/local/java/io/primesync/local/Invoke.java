package io.primesync.local;

import io.primesync.local.lambda.FunctionProcess;
import io.primesync.local.lambda.RuntimeApi;
import io.primesync.webhook.ProcoreWebhookAuth;
import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code invoke FUNCTION}: one invocation of one function of template.yaml, like {@code sam local invoke}: the
 * function runs in a JVM of its own under Lambda's runtime interface client, with the deployed class path only; the
 * response goes to stdout, the function's log and Lambda's REPORT line to stderr.
 */
final class Invoke {
    static final Path EVENTS_DIR = Template.defaultPath().getParent().resolve("events");
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private Invoke() {}

    /** @return the exit code: 0 when the function returned, 1 when it failed or could not be run */
    static int run(String functionId, Path eventFile, boolean resign, boolean demo, LocalServer.Options options,
            InputStream stdin, PrintStream out, PrintStream err) throws IOException {
        byte[] event = eventFile == null ? stdin.readAllBytes() : Files.readAllBytes(resolve(eventFile));
        LocalApi api = LocalApi.from(Template.load(options.template()));
        LocalApi.FunctionSpec spec = api.function(functionId);
        String classPath = FunctionProcess.deployedClassPath(Path.of(System.getProperty("primesync.buildDir", "target")));
        try (LocalRuntime runtime = LocalRuntime.start(options.template(), options.engineDir(), options.dataDir(), 0)) {
            Function<String, String> env = LocalRuntime.environment(spec, runtime);
            if (demo) {
                if (runtime.procore() == null) {
                    throw new IOException("--demo makes the demo's Procore side in the local simulator, but"
                            + " PROCORE_API_URL points at another Procore: invoke without --demo, or unset it.");
                }
                HandlerTarget.load(runtime.app(), runtime.procore().baseUri());
            }
            if (resign) {
                event = resign(event, env);
            }
            Map<String, String> environment = new LinkedHashMap<>(spec.environment());
            environment.putAll(runtime.localSettings());
            environment.putAll(runtime.endpoints());
            try (FunctionProcess function = FunctionProcess.start(new FunctionProcess.Spec(functionId, spec.handler(),
                    spec.memoryMb(), environment, false), classPath, err)) {
                double initMillis = function.awaitReady(START_TIMEOUT_MILLIS);
                RuntimeApi.Outcome outcome = function.invoke(event, spec.timeout().toMillis());
                out.println(outcome.text());
                out.flush();
                double millis = outcome.durationNanos() / 1_000_000.0;
                err.println(report(outcome.requestId(), millis, spec.memoryMb(), function.maxMemoryUsedMb(), initMillis));
                return outcome.failed() ? 1 : 0;
            }
        }
    }

    /** An event named on the command line: a path as given, else a file of events/. */
    static Path resolve(Path eventFile) {
        if (Files.exists(eventFile) || eventFile.isAbsolute()) {
            return eventFile;
        }
        return EVENTS_DIR.resolve(eventFile);
    }

    /** Lambda's REPORT line. */
    static String report(String requestId, double durationMillis, int memoryMb, long maxUsedMb, double initMillis) {
        return String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\t"
                        + "Max Memory Used: %s MB\tInit Duration: %.2f ms",
                requestId, durationMillis, (long) Math.ceil(durationMillis), memoryMb,
                maxUsedMb < 0 ? "?" : Long.toString(maxUsedMb), initMillis);
    }

    /**
     * The event with its webhook body signed now with the secret the function checks for its source (the
     * path's last segment: spectrum or procore), so that a stored event passes the signature's five-minute window.
     */
    static byte[] resign(byte[] eventJson, Function<String, String> env) {
        Map<String, Object> event = new LinkedHashMap<>(LocalJson.readMap(eventJson));
        String path = String.valueOf(event.getOrDefault("path", event.get("resource")));
        String wire = path.substring(path.lastIndexOf('/') + 1);
        Source source = Arrays.stream(Source.values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElse(null);
        if (source == null) {
            throw new IllegalArgumentException("--resign is for webhook events (path /webhooks/spectrum or "
                    + "/webhooks/procore); this event's path is " + path);
        }
        Object body = event.get("body");
        byte[] raw = body == null ? new byte[0]
                : Boolean.TRUE.equals(event.get("isBase64Encoded")) ? Base64.getDecoder().decode(body.toString())
                : body.toString().getBytes(StandardCharsets.UTF_8);
        String header;
        String value;
        if (source == Source.PROCORE) {
            // Procore's deliveries are not signed: they carry the header the company's hook was made with
            Object company;
            try {
                company = LocalJson.readMap(raw).get("company_id");
            } catch (RuntimeException notADelivery) {
                company = null; // the route will say what is wrong with it; the header is the shared secret's
            }
            String secret = LocalSettings.secretFor(env, source, String.valueOf(company));
            header = ProcoreWebhookAuth.HEADER;
            value = "Bearer " + secret;
        } else {
            header = WebhookSignature.HEADER;
            value = LocalSettings.signature(env, source, raw);
        }
        Map<String, Object> headers = new LinkedHashMap<>(Template.map(event.get("headers")));
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(header));
        headers.put(header, value);
        event.put("headers", headers);
        if (event.get("multiValueHeaders") instanceof Map<?, ?>) {
            Map<String, Object> multi = new LinkedHashMap<>(Template.map(event.get("multiValueHeaders")));
            multi.keySet().removeIf(k -> k.equalsIgnoreCase(header));
            multi.put(header, new ArrayList<>(List.of(value)));
            event.put("multiValueHeaders", multi);
        }
        return LocalJson.bytes(event);
    }
}
