package io.primesync.local;

import io.primesync.webhook.Source;
import io.primesync.webhook.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code invoke FUNCTION}: one invocation of one function of template.yaml, like {@code sam local invoke}:
 * the event file read by the Lambda runtime's serializer into the handler's input type, the response JSON on
 * stdout, Lambda's REPORT line on stderr.
 */
final class Invoke {
    static final Path EVENTS_DIR = Path.of("events");

    private Invoke() {}

    /** @return the exit code: 0 when the function returned, 1 when it failed or could not be run */
    static int run(String functionId, Path eventFile, boolean resign, LocalServer.Options options, InputStream stdin,
            PrintStream out, PrintStream err) throws IOException {
        byte[] event = eventFile == null ? stdin.readAllBytes() : Files.readAllBytes(resolve(eventFile));
        LocalApi api = LocalApi.from(Template.load(options.template()));
        api.function(functionId);
        if (resign) {
            event = resign(event, LocalRuntime.environment(api.function(functionId)));
        }
        long engineStart = System.nanoTime();
        try (LocalRuntime runtime = LocalRuntime.start(options.template(), options.engineDir(), options.dataDir())) {
            // The engine's start-up is the local stand-in for DynamoDB, not part of a Lambda cold start.
            long engineMillis = (System.nanoTime() - engineStart) / 1_000_000;
            LambdaFunction function = runtime.function(functionId);
            function.warm();
            double initMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()
                    - engineMillis;
            String requestId = UUID.randomUUID().toString();
            long start = System.nanoTime();
            LambdaFunction.Result result = function.invoke(event, new LocalContext(requestId, function, err));
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            out.println(result.text());
            out.flush();
            err.println(report(requestId, millis, function.memoryMb(), initMillis));
            return result.failed() ? 1 : 0;
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
    static String report(String requestId, double durationMillis, int memoryMb, double initMillis) {
        long maxUsed = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getPeakUsage() != null) {
                maxUsed += pool.getPeakUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\t"
                        + "Max Memory Used: %d MB\tInit Duration: %.2f ms",
                requestId, durationMillis, (long) Math.ceil(durationMillis), memoryMb, maxUsed / (1024 * 1024),
                initMillis);
    }

    /**
     * The event with its webhook body signed now with the secret the function checks for its source (the
     * path's last segment: spectrum or procore), so that a stored event passes the signature's five-minute window.
     */
    static byte[] resign(byte[] eventJson, java.util.function.Function<String, String> env) {
        Map<String, Object> event = new LinkedHashMap<>(LocalJson.readMap(eventJson));
        String path = String.valueOf(event.getOrDefault("path", event.get("resource")));
        String wire = path.substring(path.lastIndexOf('/') + 1);
        Source source = java.util.Arrays.stream(Source.values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElse(null);
        if (source == null) {
            throw new IllegalArgumentException("--resign is for webhook events (path /webhooks/spectrum or "
                    + "/webhooks/procore); this event's path is " + path);
        }
        Object body = event.get("body");
        byte[] raw = body == null ? new byte[0]
                : Boolean.TRUE.equals(event.get("isBase64Encoded")) ? Base64.getDecoder().decode(body.toString())
                : body.toString().getBytes(StandardCharsets.UTF_8);
        String signature = DemoData.signature(env, source, raw);

        Map<String, Object> headers = new LinkedHashMap<>(Template.map(event.get("headers")));
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(WebhookSignature.HEADER));
        headers.put(WebhookSignature.HEADER, signature);
        event.put("headers", headers);
        if (event.get("multiValueHeaders") instanceof Map<?, ?>) {
            Map<String, Object> multi = new LinkedHashMap<>(Template.map(event.get("multiValueHeaders")));
            multi.keySet().removeIf(k -> k.equalsIgnoreCase(WebhookSignature.HEADER));
            multi.put(WebhookSignature.HEADER, new ArrayList<>(List.of(signature)));
            event.put("multiValueHeaders", multi);
        }
        return LocalJson.bytes(event);
    }
}
