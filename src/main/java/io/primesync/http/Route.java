package io.primesync.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every route of the HTTP contract, once: its method and its path template as API Gateway names the resource. The
 * handlers dispatch on it, template.yaml is held to it by a test, and the tests, the local tooling and the benchmarks
 * build their requests from it.
 */
public enum Route {
    LIST("GET", Paths.CONTRACTS),
    ELIGIBILITY("GET", Paths.CONTRACT + "/reimport-eligibility"),
    IMPORT("POST", Paths.CONTRACT + "/import"),
    REIMPORT("POST", Paths.CONTRACT + "/reimport"),
    HISTORY("GET", Paths.CONTRACT + "/history"),
    SYNC("GET", Paths.CONTRACT + "/syncs/{syncId}"),
    SPECTRUM_WEBHOOK("POST", "/webhooks/spectrum"),
    PROCORE_WEBHOOK("POST", "/webhooks/procore");

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private final String method;
    private final String template;

    Route(String method, String template) {
        this.method = method;
        this.template = template;
    }

    public String method() {
        return method;
    }

    /** The resource path as API Gateway names it, e.g. {@code /companies/{companyId}/erp/prime-contracts}. */
    public String template() {
        return template;
    }

    /** {@code GET /companies/{companyId}/erp/prime-contracts}: how the template's events and the docs name it. */
    public String key() {
        return method + " " + template;
    }

    /** Whether the route is a webhook's (signed by its sender) rather than a user's (a token). */
    public boolean webhook() {
        return this == SPECTRUM_WEBHOOK || this == PROCORE_WEBHOOK;
    }

    /** The path with its parameters filled in, in the order the template names them, each escaped. */
    public String path(String... values) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (i == values.length) {
                throw new IllegalArgumentException(template + " needs more than " + values.length + " values");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    URLEncoder.encode(values[i++], StandardCharsets.UTF_8).replace("+", "%20")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the template's parameters, in order. */
    public List<String> parameters() {
        return PARAMETER.matcher(template).results().map(r -> r.group(1)).toList();
    }

    /** The route an event was sent to, by its method and resource. */
    public static Optional<Route> of(APIGatewayProxyRequestEvent event) {
        return of(event.getHttpMethod(), event.getResource());
    }

    public static Optional<Route> of(String method, String resource) {
        for (Route r : values()) {
            if (r.method.equals(method) && r.template.equals(resource)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The shared prefixes, named once. */
    private static final class Paths {
        static final String CONTRACTS = "/companies/{companyId}/erp/prime-contracts";
        static final String CONTRACT = CONTRACTS + "/{contractId}";
    }
}
