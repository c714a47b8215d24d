package io.primesync.logging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import java.util.Map;

/**
 * Counts as CloudWatch metrics, written as one log line in the Embedded Metric Format: CloudWatch Logs turns the line
 * into metrics of the {@code PrimeSync} namespace, with no call to CloudWatch from the function.
 */
public final class Metrics {
    public static final String NAMESPACE = "PrimeSync";

    private Metrics() {}

    /**
     * @param function the dimension the counts are under (the function's logical name)
     * @param counts each count by name; a name of several words becomes one in CamelCase
     */
    public static void counts(String function, Map<String, Integer> counts) {
        System.out.println(Json.write(line(function, counts, System.currentTimeMillis())));
    }

    static ObjectNode line(String function, Map<String, Integer> counts, long epochMillis) {
        ObjectNode o = Json.object();
        ObjectNode aws = o.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function");
        ArrayNode metrics = directive.putArray("Metrics");
        o.put("Function", function);
        counts.forEach((name, value) -> {
            String metric = metricName(name);
            metrics.addObject().put("Name", metric).put("Unit", "Count");
            o.put(metric, value);
        });
        return o;
    }

    /** {@code "change orders changed"} is {@code ChangeOrdersChanged}; anything but letters and digits separates words. */
    static String metricName(String words) {
        StringBuilder out = new StringBuilder();
        for (String w : words.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return out.toString();
    }
}
