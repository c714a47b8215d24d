package io.primesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CloudFront function that answers the deployed page's config.json, run in Node.js with the stack's parameters
 * substituted as CloudFormation would: what it answers is what the page reads.
 */
class WebConfigFunctionIT {
    @TempDir
    Path dir;

    @Test
    void withAClientIdThePageSignsInWithTheProvider() throws Exception {
        JsonNode answer = run(Map.of("Issuer", "https://login.example.com/", "WebClientId", "web-client",
                "WebSignInScope", "openid email", "WebTokenUse", "id_token"));
        assertEquals(200, answer.get("statusCode").asInt());
        assertEquals("application/json", answer.at("/headers/content-type/value").asText());
        assertEquals("no-cache", answer.at("/headers/cache-control/value").asText());
        assertEquals("text", answer.at("/body/encoding").asText());
        JsonNode config = Json.MAPPER.readTree(answer.at("/body/data").asText());
        assertEquals("", config.get("apiBase").asText(), "the API is on the page's own origin");
        JsonNode oidc = config.at("/auth/oidc");
        assertEquals("https://login.example.com/", oidc.get("issuer").asText());
        assertEquals("web-client", oidc.get("clientId").asText());
        assertEquals("openid email", oidc.get("scope").asText());
        assertEquals("id_token", oidc.get("tokenUse").asText());
    }

    @Test
    void withoutOneThePageAsksForAToken() throws Exception {
        JsonNode answer = run(Map.of("Issuer", "https://login.example.com/", "WebClientId", "",
                "WebSignInScope", "openid", "WebTokenUse", "access_token"));
        JsonNode config = Json.MAPPER.readTree(answer.at("/body/data").asText());
        assertTrue(config.get("auth").isObject());
        assertFalse(config.get("auth").has("oidc"), config::toString);
        assertFalse(config.get("auth").has("users"), "no demo users in AWS");
    }

    private JsonNode run(Map<String, String> values) throws IOException, InterruptedException {
        Template template = Template.load(Template.defaultPath());
        List<Object> sub = Template.list(Template.map(template.resources().get("WebConfigFunction"), "Properties",
                "FunctionCode").get("Fn::Sub"));
        String code = (String) sub.get(0);
        for (Map.Entry<String, String> v : values.entrySet()) {
            code = code.replace("${" + v.getKey() + "}", v.getValue());
        }
        assertFalse(code.contains("${"), "every variable is substituted: " + code);
        Path script = dir.resolve("config-function.js");
        Files.writeString(script, code + "\nprocess.stdout.write(JSON.stringify(handler({version: '1.0',"
                + " request: {method: 'GET', uri: '/config.json', querystring: {}, headers: {}, cookies: {}}})));\n");
        Process node = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = node.getInputStream().readAllBytes();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), new String(out, StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(out);
    }
}
