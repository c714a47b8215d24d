package io.primesync.local;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * API Gateway's stage throttling as the template's {@code MethodSettings} set it: a token bucket of its own for each
 * route and method, with the limits of the entry that names it ({@code /~1webhooks~1spectrum POST}) or else of the
 * stage's default ({@code /* *}), so a flood of one route is answered 429 while the others keep their share. Limits
 * given by a parameter take its default, as a deployment without overrides would.
 */
final class Throttles {
    record Limit(double ratePerSecond, double burst) {}

    private final Map<String, Limit> byMethod;
    private final Limit stageDefault;
    private final LongSupplier nanos;
    private final Map<String, double[]> buckets = new HashMap<>();

    Throttles(Map<String, Limit> byMethod, Limit stageDefault, LongSupplier nanos) {
        this.byMethod = Map.copyOf(byMethod);
        this.stageDefault = stageDefault;
        this.nanos = nanos;
    }

    /** No throttling at all (tests and benchmarks that measure something else). */
    static Throttles none() {
        return new Throttles(Map.of(), null, System::nanoTime);
    }

    static Throttles from(Template template) {
        Map<String, Limit> byMethod = new HashMap<>();
        Limit stageDefault = null;
        for (Map<String, Object> api : template.resourcesOfType("AWS::Serverless::Api").values()) {
            for (Object o : Template.list(Template.map(api, "Properties").get("MethodSettings"))) {
                Map<String, Object> setting = Template.map(o);
                String rate = template.resolve(setting.get("ThrottlingRateLimit"));
                String burst = template.resolve(setting.get("ThrottlingBurstLimit"));
                if (rate == null || burst == null) {
                    continue;
                }
                Limit limit = new Limit(Double.parseDouble(rate), Double.parseDouble(burst));
                String path = String.valueOf(setting.get("ResourcePath")).replace("~1", "/");
                String method = String.valueOf(setting.get("HttpMethod")).toUpperCase(Locale.ROOT);
                if (path.equals("/*") && method.equals("*")) {
                    stageDefault = limit;
                } else {
                    byMethod.put(method + " " + path, limit);
                }
            }
        }
        return new Throttles(byMethod, stageDefault, System::nanoTime);
    }

    /** The limit a route and method gets; null when nothing limits it. */
    Limit limit(String method, String resource) {
        Limit own = byMethod.get(method + " " + resource);
        return own != null ? own : stageDefault;
    }

    /** Takes a request of the route: whether API Gateway lets it through. */
    synchronized boolean admit(String method, String resource) {
        Limit limit = limit(method, resource);
        if (limit == null) {
            return true;
        }
        long now = nanos.getAsLong();
        // {tokens, last refill}
        double[] b = buckets.computeIfAbsent(method + " " + resource, k -> new double[] {limit.burst(), now});
        b[0] = Math.min(limit.burst(), b[0] + (now - b[1]) * limit.ratePerSecond() / 1e9);
        b[1] = now;
        if (b[0] < 1) {
            return false;
        }
        b[0] -= 1;
        return true;
    }
}
