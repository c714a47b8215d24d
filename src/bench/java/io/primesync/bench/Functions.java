package io.primesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import io.primesync.local.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The functions of template.yaml with their handler classes, and which sample events in events/ each one serves
 * (by the event's resource path against the function's API events; TOKEN events go to the authorizer).
 */
public final class Functions {
    /** One function: its logical id, its handler class, and its sample events (file names, in name order). */
    public record Function(String logicalId, String handlerClass, List<String> events) {}

    private Functions() {}

    public static List<Function> of(Template template, Path eventsDir) throws IOException {
        Map<String, String> handlers = new LinkedHashMap<>();
        Map<String, String> routes = new LinkedHashMap<>();
        String authorizer = null;
        for (Map.Entry<String, Map<String, Object>> e : template.unconditional("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> props = Template.map(e.getValue(), "Properties");
            String handler = String.valueOf(props.get("Handler"));
            handlers.put(e.getKey(), handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler);
            for (Object event : Template.map(props.get("Events")).values()) {
                Map<String, Object> api = Template.map(event, "Properties");
                if (api.get("Path") != null) {
                    routes.put(String.valueOf(api.get("Path")), e.getKey());
                }
            }
            if (handler.contains("Authorizer")) {
                authorizer = e.getKey();
            }
        }
        Map<String, List<String>> events = new LinkedHashMap<>();
        handlers.keySet().forEach(id -> events.put(id, new ArrayList<>()));
        List<Path> files;
        try (Stream<Path> list = Files.list(eventsDir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode event = Json.read(Files.readAllBytes(file));
            String owner = "TOKEN".equals(event.path("type").asText()) ? authorizer : routes.get(event.path("resource").asText());
            if (owner != null) {
                events.get(owner).add(file.getFileName().toString());
            }
        }
        List<Function> functions = new ArrayList<>();
        handlers.forEach((id, type) -> functions.add(new Function(id, type, List.copyOf(events.get(id)))));
        return functions;
    }
}
