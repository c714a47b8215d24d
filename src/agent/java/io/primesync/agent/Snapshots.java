package io.primesync.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Spectrum contract as the product's snapshot (API.md's {@code prime_contract.upserted} data, without its version),
 * and its canonical form and hash: what tells a changed contract from an unchanged one.
 */
public final class Snapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {}

    /** How the agent decides a contract is approved: Spectrum documents no approval state for a contract. */
    public enum StatusRule {
        /** Every contract is approved. */
        ALWAYS,
        /** Approved while its job is active ({@code A}). */
        JOB_ACTIVE,
        /** Approved while its job is active and its items add up to the header's amount (the default). */
        JOB_ACTIVE_AND_BALANCED;

        public static StatusRule parse(String value) {
            return switch (value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "", "job-active-and-balanced" -> JOB_ACTIVE_AND_BALANCED;
                case "job-active" -> JOB_ACTIVE;
                case "always" -> ALWAYS;
                default -> throw new IllegalArgumentException("status rule \"" + value + "\" is not one of"
                        + " job-active-and-balanced, job-active, always");
            };
        }

        boolean approved(SpectrumContract c) {
            boolean active = "A".equalsIgnoreCase(c.jobStatus());
            return switch (this) {
                case ALWAYS -> true;
                case JOB_ACTIVE -> active;
                case JOB_ACTIVE_AND_BALANCED -> active && balanced(c);
            };
        }
    }

    static boolean balanced(SpectrumContract c) {
        BigDecimal sum = BigDecimal.ZERO;
        for (SpectrumContract.Item i : c.items()) {
            sum = sum.add(i.amount() == null ? BigDecimal.ZERO : i.amount());
        }
        return c.originalAmount() != null && sum.compareTo(c.originalAmount()) == 0;
    }

    /**
     * The product's contract id of a Spectrum contract: {@code <Company_Code>.<Job_Number>.<Customer_Code>}, each
     * trimmed, every character the product's ids refuse (and {@code .} and {@code _}) escaped as {@code _XX}, the hex of
     * its UTF-8 bytes: reversible, so each id names one contract.
     */
    public static String contractId(String company, String job, String customer) {
        return escape(company) + "." + escape(job) + "." + escape(customer == null ? "" : customer);
    }

    static String escape(String part) {
        StringBuilder out = new StringBuilder();
        for (byte b : part.strip().getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if (ch < 0x80 && (Character.isLetterOrDigit(ch) || ch == '-')) {
                out.append(ch);
            } else {
                out.append('_').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** The three keys of a contract id, as Spectrum has them. */
    public static List<String> keys(String contractId) {
        List<String> out = new ArrayList<>();
        for (String part : contractId.split("\\.", -1)) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < part.length(); i++) {
                char ch = part.charAt(i);
                if (ch == '_' && i + 2 < part.length()) {
                    bytes.write(Integer.parseInt(part.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    bytes.write(ch);
                }
            }
            out.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The items in the canonical order, each with the item code the product knows it by. */
    static List<Map.Entry<String, SpectrumContract.Item>> codedItems(SpectrumContract c) {
        Map<String, Integer> codes = new HashMap<>();
        c.items().forEach(i -> codes.merge(i.code(), 1, Integer::sum));
        List<Map.Entry<String, SpectrumContract.Item>> out = new ArrayList<>();
        for (SpectrumContract.Item i : c.items()) {
            // a unit-price item is known by its code where that is unique in the contract, else by group and code
            String code = i.group() != null && codes.get(i.code()) > 1 ? i.group() + "-" + i.code() : i.code();
            out.add(Map.entry(code, i));
        }
        out.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return out;
    }

    /** The snapshot the product takes, without its {@code erpVersion}. */
    public static ObjectNode snapshot(SpectrumContract c, StatusRule rule) {
        ObjectNode o = JSON.createObjectNode();
        o.put("contractId", contractId(c.company(), c.job(), c.customer()));
        o.put("jobNumber", c.job());
        // as Procore's own connector titles it
        o.put("title", c.job() + " Prime Contract");
        o.put("status", rule.approved(c) ? "approved" : "unapproved");
        o.put("originalContractAmount", money(c.originalAmount() == null ? BigDecimal.ZERO : c.originalAmount()));
        if (c.retentionPercent() != null) {
            o.put("retainagePercent", plain(c.retentionPercent()));
        }
        ArrayNode lines = o.putArray("lineItems");
        for (Map.Entry<String, SpectrumContract.Item> e : codedItems(c)) {
            SpectrumContract.Item i = e.getValue();
            ObjectNode line = lines.addObject();
            line.put("itemCode", e.getKey());
            line.put("description", i.description() == null || i.description().isEmpty() ? e.getKey() : i.description());
            line.put("amount", money(i.amount() == null ? BigDecimal.ZERO : i.amount()));
            if (c.unitPricing() && i.quantity() != null) {
                line.put("quantity", plain(i.quantity()));
                line.put("unitOfMeasure", i.unit());
                line.put("unitPrice", plain(i.unitPrice() == null ? BigDecimal.ZERO : i.unitPrice()));
            }
        }
        return o;
    }

    /**
     * The canonical form of a contract's snapshot: keys trimmed, lines sorted by code, money as two-decimal strings,
     * written with a fixed field order; two reads of an unchanged contract give the same text.
     */
    public static String canonical(SpectrumContract c, StatusRule rule) {
        try {
            return JSON.writeValueAsString(snapshot(c, rule));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of the canonical form, in hex. */
    public static String hash(SpectrumContract c, StatusRule rule) {
        return hash(canonical(c, rule));
    }

    /** The SHA-256 of a canonical form, in hex. */
    static String hash(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Money with two decimals where it has no more (Spectrum's are 10.2); more is sent as it is, for the product to refuse. */
    static String money(BigDecimal amount) {
        return amount.scale() <= 2 ? amount.setScale(2).toPlainString() : amount.stripTrailingZeros().toPlainString();
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
