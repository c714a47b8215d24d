package io.primesync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a company's units of measure in the ERP are named in Procore, where the two differ: Procore takes only the units
 * of the company's own list (Company Admin), while Spectrum's are free text. The setting is a JSON object of ERP unit to
 * Procore unit for every company ({@code {"SQFT": "SF", "Each": "EA"}}), or of company id (or {@code *}) to such an
 * object ({@code {"*": {"SQFT": "SF"}, "1002": {"M3": "CY"}}}). A unit the map does not name is sent as the ERP names it.
 * Anything else stops the function at start with a message.
 */
public final class UnitMap {
    public static final UnitMap NONE = new UnitMap(Map.of(), Map.of());

    private final Map<String, String> everyCompany;
    private final Map<String, Map<String, String>> byCompany;

    private UnitMap(Map<String, String> everyCompany, Map<String, Map<String, String>> byCompany) {
        this.everyCompany = Map.copyOf(everyCompany);
        this.byCompany = Map.copyOf(byCompany);
    }

    /** @throws IllegalStateException naming the variable and what is wrong with it */
    public static UnitMap read(Settings settings, String name) {
        JsonNode json = settings.jsonObject(name);
        if (json == null) {
            return NONE;
        }
        boolean nested = json.size() > 0 && json.elements().next().isObject();
        if (!nested) {
            return new UnitMap(units(name, json), Map.of());
        }
        Map<String, String> every = Map.of();
        Map<String, Map<String, String>> byCompany = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new IllegalStateException(name + ": \"" + e.getKey() + "\" maps to " + e.getValue()
                        + ", not to an object of units; give every company an object, or none");
            }
            if (e.getKey().equals("*")) {
                every = units(name, e.getValue());
            } else if (e.getKey().matches("[0-9]{1,20}")) {
                byCompany.put(e.getKey(), units(name, e.getValue()));
            } else {
                throw new IllegalStateException(name + ": \"" + e.getKey() + "\" is not a company id nor *");
            }
        }
        return new UnitMap(every, byCompany);
    }

    private static Map<String, String> units(String name, JsonNode json) {
        Map<String, String> units = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank() || e.getKey().isBlank()) {
                throw new IllegalStateException(name + ": the unit \"" + e.getKey() + "\" must map to a unit name");
            }
            units.put(e.getKey(), e.getValue().asText());
        }
        return units;
    }

    /** The company's mapping: its own where it has one, else the one for every company. */
    public UnaryOperator<String> forCompany(String companyId) {
        Map<String, String> units = byCompany.getOrDefault(companyId, everyCompany);
        return unit -> units.getOrDefault(unit, unit);
    }
}
