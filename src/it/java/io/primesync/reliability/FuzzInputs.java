package io.primesync.reliability;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.auth.AuthorizerContext;
import io.primesync.auth.Claims;
import io.primesync.domain.Caller;
import io.primesync.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile inputs: identifiers that are unicode, huge, empty or path traversals; query strings and headers given
 * twice or in odd letter case; bodies that are not JSON, not UTF-8, nested thousands deep or megabytes long;
 * base64 flags that lie; request contexts and authorizer outputs that are missing or malformed.
 */
final class FuzzInputs {
    private FuzzInputs() {}

    static final String[] ROUTES = {Rig.LIST, Rig.HISTORY, Rig.ELIGIBILITY, Rig.IMPORT, Rig.REIMPORT};

    static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    @SafeVarargs
    static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** Any string: ASCII, unicode of every plane, lone surrogates, controls, zero-width and right-to-left marks. */
    static String text(Random r, int maxLength) {
        int length = r.nextInt(10) == 0 ? r.nextInt(maxLength + 1) : r.nextInt(Math.min(maxLength, 24) + 1);
        StringBuilder b = new StringBuilder(length);
        int flavour = r.nextInt(6);
        while (b.length() < length) {
            switch (flavour == 5 ? r.nextInt(5) : flavour) {
                case 0 -> b.append((char) (0x20 + r.nextInt(0x5f)));
                case 1 -> b.append(pick(r, "..", "/", "\\", "%2e", "%2F", "%00", "\u0000", "\n", "\r\n", "\t", " ", "#",
                        "?", "&", "=", "'", "\"", "<", ">", "{", "}", "${x}", "%s", "*", "\u202e", "\u200b", "\ufeff"));
                case 2 -> b.appendCodePoint(0x80 + r.nextInt(0x2000));
                case 3 -> b.appendCodePoint(pick(r, 0x1F600 + r.nextInt(80), 0x10000 + r.nextInt(0xFFFF),
                        0xD800 + r.nextInt(0x800), 0xFF10 + r.nextInt(10), 0x0660 + r.nextInt(10)));
                default -> b.append((char) ('0' + r.nextInt(10)));
            }
        }
        return b.length() > length && length > 0 ? b.substring(0, length) : b.toString();
    }

    static String digits(Random r, int count) {
        StringBuilder b = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    /** Mostly plausible, often hostile. {@code known} are values the store holds. */
    static String identifier(Random r, List<String> known) {
        return switch (r.nextInt(14)) {
            case 0, 1, 2, 3, 4 -> pick(r, known);
            case 5 -> null;
            case 6 -> "";
            case 7 -> pick(r, "../..", "../../etc/passwd", "..%2F..%2F", "%2e%2e", ".", "..", "a/b", "1001/../1002",
                    "PC-1/../../x", "\u0000", " 1", "1 ", "+1", "-1", "0x1F", "1e3", "NaN", "null", "undefined",
                    "ＰＣ-1", "１２３", "٣٤٥", "PC\u200b1", "C#1#K#2", "#HEAD", "L#x#00000", "*", "%");
            case 8 -> "x".repeat(r.nextInt(3) == 0 ? 100_000 : 60 + r.nextInt(10));
            case 9 -> digits(r, 15 + r.nextInt(10));
            case 10 -> pick(r, known) + pick(r, "\n", "/", "..", " ", "\u0000", "%00", "#", "\u00e9");
            default -> text(r, 80);
        };
    }

    static Map<String, String> maybeMap(Random r, Map<String, String> map) {
        return r.nextInt(12) == 0 ? null : map;
    }

    static Map<String, String> query(Random r) {
        Map<String, String> q = new LinkedHashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(6) == 0 ? text(r, 12) : pick(r, "status", "ready", "limit", "cursor", "Status", "LIMIT");
            String value = switch (name) {
                case "status" -> pick(r, "synced", "staged", "SYNCED", "", "all", text(r, 20));
                case "ready" -> pick(r, "true", "false", "TRUE", "1", "", "yes", text(r, 10));
                case "limit" -> pick(r, "1", "25", "100", "101", "0", "-1", "007", "1000", "1.5", "1e2", "",
                        "99999999999999999999", "٣", text(r, 6));
                case "cursor" -> pick(r, cursor(r), cursor(r), "", "x".repeat(500), text(r, 60),
                        Base64.getUrlEncoder().encodeToString(text(r, 40).getBytes(StandardCharsets.UTF_8)));
                default -> text(r, 40);
            };
            q.put(name, value);
        }
        return q;
    }

    /** Cursors shaped like the ones handed out, for positions that may or may not exist. */
    static String cursor(Random r) {
        String raw = switch (r.nextInt(6)) {
            case 0 -> "c1:" + pick(r, "PC-1", "zzz", "", "../x", "a".repeat(64), "a".repeat(65));
            case 1 -> "h1:S#" + digits(r, 13) + "#" + pick(r, "abc", "x-1", "", "a".repeat(64), "a".repeat(65), "é");
            case 2 -> "h1:S#" + digits(r, 12) + "#abc";
            case 3 -> "c1:" + text(r, 30);
            case 4 -> "h1:" + text(r, 30);
            default -> text(r, 30);
        };
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Header maps with odd cases, conflicts between single and multi-value maps, and nulls. */
    static void headers(Random r, APIGatewayProxyRequestEvent e, boolean webhook) {
        Map<String, String> single = new HashMap<>();
        Map<String, List<String>> multi = new HashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String name = pick(r, "Content-Type", "content-type", "CONTENT-TYPE", "Idempotency-Key", "idempotency-key",
                    "Authorization", "X-Webhook-Signature", "Accept", "X-Forwarded-For", text(r, 10));
            String value = headerValue(r, name);
            if (r.nextBoolean()) {
                single.put(name, value);
            } else {
                List<String> values = new ArrayList<>();
                values.add(value);
                if (r.nextInt(4) == 0) {
                    values.add(r.nextBoolean() ? value : headerValue(r, name));
                }
                if (r.nextInt(10) == 0) {
                    values.add(null);
                }
                multi.put(name, values);
            }
        }
        if (r.nextInt(20) == 0) {
            single.put(null, "x");
        }
        if (r.nextInt(20) == 0) {
            single.put("Idempotency-Key", null);
        }
        e.setHeaders(r.nextInt(15) == 0 ? null : single);
        e.setMultiValueHeaders(r.nextInt(3) == 0 ? null : multi);
    }

    static String headerValue(Random r, String name) {
        return switch (name.toLowerCase()) {
            case "content-type" -> pick(r, "application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                    "application/json;;;", "text/plain", "", ";", "application/jsonx", "application/problem+json",
                    text(r, 40));
            case "idempotency-key" -> pick(r, "k-1", "key-" + r.nextInt(5), "", " ", "x".repeat(128),
                    "x".repeat(129), "ключ", "a\u0000b", "tab\tkey", text(r, 140));
            default -> r.nextInt(20) == 0 ? "v".repeat(20_000) : text(r, 60);
        };
    }

    /** Bodies: nothing, JSON of every kind, broken JSON, not UTF-8, deep, big, with a base64 flag true or lying. */
    static void body(Random r, APIGatewayProxyRequestEvent e) {
        String body = switch (r.nextInt(16)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "{}";
            case 3 -> "{\"expectedErpVersion\":" + pick(r, "1", "2", "3", "0", "-1", "1.5", "\"2\"", "1e400", "null",
                    "true", "99999999999999999999", "[]", "{}", "9223372036854775807", "9223372036854775808") + "}";
            case 4 -> "{\"expectedErpVersion\":1,\"expectedErpVersion\":2}";
            case 5 -> "{\"" + text(r, 10).replace("\"", "").replace("\\", "") + "\":1}";
            case 6 -> "[".repeat(200 + r.nextInt(3000)) + "]".repeat(r.nextInt(3000));
            case 7 -> "{\"a\":" + "{\"a\":".repeat(100 + r.nextInt(2000)) + "1" + "}".repeat(50) ;
            case 8 -> "x".repeat(r.nextInt(4) == 0 ? 7 * 1024 * 1024 : 17 * 1024);
            case 9 -> "{\"expectedErpVersion\":1}garbage";
            case 10 -> "\ufeff{}";
            case 11 -> "1" + "0".repeat(2000);
            case 12 -> "\"" + text(r, 200).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 13 -> randomJson(r, 0).toString();
            default -> text(r, 300);
        };
        e.setBody(body);
        int base64 = r.nextInt(6);
        if (base64 == 0) {
            e.setIsBase64Encoded(true);
            if (body != null && r.nextBoolean()) {
                e.setBody(Base64.getEncoder().encodeToString(r.nextBoolean()
                        ? body.getBytes(StandardCharsets.UTF_8) : randomBytes(r)));
            }
        } else if (base64 == 1) {
            e.setIsBase64Encoded(null);
        } else {
            e.setIsBase64Encoded(false);
        }
    }

    static byte[] randomBytes(Random r) {
        byte[] bytes = new byte[r.nextInt(300)];
        r.nextBytes(bytes);
        return bytes;
    }

    static JsonNode randomJson(Random r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth > 4 ? r.nextInt(7) : r.nextInt(9);
        return switch (kind) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(r.nextBoolean());
            case 2 -> f.numberNode(r.nextLong());
            case 3 -> f.numberNode(new BigDecimal(pick(r, "1e400", "-0.0", "1.000000001", "123456789012345678901234567890.5", "0.01")));
            case 4 -> f.numberNode(r.nextDouble() * 1e6);
            case 5, 6 -> f.textNode(text(r, 50));
            case 7 -> {
                ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomJson(r, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(pick(r, "id", "type", "companyId", "data", "contractId", "erpVersion", "lineItems", "amount",
                            text(r, 8)), randomJson(r, depth + 1));
                }
                yield o;
            }
        };
    }

    /** What the authorizer handed over: a real caller, nothing, or shapes the authorizer never makes. */
    static Map<String, Object> authorizer(Random r, Caller admin, Caller reader, Caller stranger) {
        return switch (r.nextInt(14)) {
            case 0, 1, 2, 3 -> new HashMap<>(AuthorizerContext.toContext(admin));
            case 4 -> new HashMap<>(AuthorizerContext.toContext(reader));
            case 5 -> new HashMap<>(AuthorizerContext.toContext(stranger));
            case 6 -> null;
            case 7 -> new HashMap<>();
            case 8 -> {
                Map<String, Object> m = new HashMap<>(AuthorizerContext.toContext(admin));
                m.put(pick(r, "principalId", "sub"), pick(r, 5, "", "someone-else", "x".repeat(300), "a\u0000b", true));
                yield m;
            }
            case 9 -> {
                Map<String, Object> m = new HashMap<>(AuthorizerContext.toContext(admin));
                m.put("permissions", pick(r, "", "null", "[]", "{", "{\"companies\":5}", "{\"companies\":{\"1\":null}}",
                        "{\"companies\":{\"1\":{\"erp_integrations\":7}}}", "{\"projects\":[1]}", text(r, 40),
                        "{\"companies\":{\"" + text(r, 5).replace("\"", "").replace("\\", "") + "\":{\"erp_integrations\":\"admin\"}}}",
                        "\"admin\"", "1e400"));
                yield m;
            }
            case 10 -> {
                Map<String, Object> m = new HashMap<>(AuthorizerContext.toContext(admin));
                // the local server may hand the parsed claim itself
                m.put("permissions", pick(r, Map.of(), List.of(), 5, Map.of("companies", List.of()),
                        Map.of("companies", Map.of("1", "admin")), Map.of("companies", Map.of(1, Map.of())),
                        Json.MAPPER.convertValue(Claims.toClaim(admin), Map.class)));
                yield m;
            }
            case 11 -> {
                Map<String, Object> m = new HashMap<>();
                m.put("principalId", pick(r, "user-1", null, 7));
                yield m;
            }
            case 12 -> {
                Map<String, Object> m = new HashMap<>(AuthorizerContext.toContext(admin));
                m.remove(pick(r, "principalId", "sub", "permissions"));
                yield m;
            }
            default -> {
                Map<String, Object> m = new HashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(text(r, 10), text(r, 30));
                }
                yield m;
            }
        };
    }

    /** Everything a request carries that could be echoed back: where a body may quote the client, it may. */
    static String requestText(APIGatewayProxyRequestEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(e.getResource()).append(' ').append(e.getPath()).append(' ').append(e.getPathParameters()).append(' ')
                .append(e.getQueryStringParameters()).append(' ').append(e.getMultiValueQueryStringParameters())
                .append(' ').append(e.getHeaders()).append(' ').append(e.getMultiValueHeaders());
        if (e.getBody() != null && e.getBody().length() < 1_000_000) {
            b.append(' ').append(e.getBody());
            if (Boolean.TRUE.equals(e.getIsBase64Encoded())) {
                try {
                    b.append(' ').append(new String(Base64.getDecoder().decode(e.getBody()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                    // nothing more to echo
                }
            }
        }
        return b.toString();
    }

    /** A short description of an event for a failure report: no megabyte bodies. */
    static String describe(APIGatewayProxyRequestEvent e) {
        String body = e.getBody();
        String shown = body == null ? "null" : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body;
        return e.getHttpMethod() + " " + e.getResource() + " params=" + abbreviate(String.valueOf(e.getPathParameters()))
                + " query=" + abbreviate(String.valueOf(e.getQueryStringParameters())) + " mq="
                + abbreviate(String.valueOf(e.getMultiValueQueryStringParameters())) + " headers="
                + abbreviate(String.valueOf(e.getHeaders())) + " mh=" + abbreviate(String.valueOf(e.getMultiValueHeaders()))
                + " base64=" + e.getIsBase64Encoded() + " ctx=" + (e.getRequestContext() == null ? "null"
                        : abbreviate(String.valueOf(e.getRequestContext().getAuthorizer()))) + " body=" + shown;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
    }
}
