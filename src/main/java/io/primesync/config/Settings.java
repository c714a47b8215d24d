package io.primesync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The one reader of a function's configuration: its environment in AWS, the local tooling's and the tests' own
 * settings otherwise. Every value is checked where it is read, and a bad or missing one stops the start with a
 * message that names the variable and what it must be.
 */
public final class Settings {
    private final Function<String, String> env;

    public Settings(Function<String, String> env) {
        this.env = env;
    }

    /** The raw lookup, for parts that read a family of names themselves (secrets and their {@code _ARN}). */
    public Function<String, String> env() {
        return env;
    }

    /** The value, or null when it is unset or blank. */
    public String optional(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    /**
     * A JSON object, for a setting that takes one (a choice per company, a map of units, a size per list); null when
     * unset.
     */
    public JsonNode jsonObject(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        JsonNode json;
        try {
            json = Json.read(value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " is not a JSON object");
        }
        if (!json.isObject()) {
            throw new IllegalStateException(name + " is not a JSON object");
        }
        return json;
    }

    /** A whole number from {@code min} to {@code max}; {@code otherwise} when unset. */
    public int number(String name, int otherwise, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException(name + " must be a whole number from " + min + " to " + max + ", not " + value);
    }

    /** An http(s) URL without a trailing slash. */
    public URI url(String name) {
        String value = required(name);
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be an http(s) URL, not " + value);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException(name + " must be an http(s) URL");
        }
        return uri;
    }
}
