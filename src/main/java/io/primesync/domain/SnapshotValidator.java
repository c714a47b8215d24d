package io.primesync.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The contract rules checked at the door, before a snapshot is stored. */
public final class SnapshotValidator {
    public static final int MAX_LINE_ITEMS = 5000;
    /** A broken 5,000-line snapshot must still give an answer a person can read. */
    public static final int MAX_VIOLATIONS = 100;

    static final int MAX_CONTRACT_ID = 64;
    static final int MAX_JOB_NUMBER = 32;
    static final int MAX_ITEM_CODE = 10;
    static final int MAX_TITLE = 255;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_UNIT_OF_MEASURE = 10;
    static final int MONEY_DECIMALS = 2;
    static final int UNIT_DECIMALS = 4;

    private static final Pattern CONTRACT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Pattern JOB_NUMBER = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$");
    private static final Pattern ITEM_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,9}$");
    /** What the identifier patterns allow, once the length is known to be right. */
    private static final String ID_CHARS = "must start with a letter or digit and contain only letters, digits,"
            + " '.', '_' and '-'";
    private static final BigDecimal HUNDRED = new BigDecimal(100);
    /** Values echoed in messages are cut here, so a 10,000-character field does not flood the answer. */
    private static final int SHOWN_CHARS = 40;

    private SnapshotValidator() {}

    /** Every broken rule, in the order of the fields; empty when the snapshot may be stored. */
    public static List<Violation> validate(ContractSnapshot snapshot) {
        List<Violation> out = new ArrayList<>();
        identifier(out, "contractId", snapshot.contractId(), CONTRACT_ID, MAX_CONTRACT_ID);
        identifier(out, "jobNumber", snapshot.jobNumber(), JOB_NUMBER, MAX_JOB_NUMBER);
        title(out, snapshot.title());
        if (snapshot.status() == null) {
            out.add(new Violation("status", "status is required: \"approved\" or \"unapproved\"."));
        }
        if (snapshot.erpVersion() < 1) {
            out.add(new Violation("erpVersion",
                    "erpVersion is " + snapshot.erpVersion() + "; it must be 1 or more."));
        }
        originalAmount(out, snapshot);
        retainage(out, snapshot.retainagePercent());
        lineItems(out, snapshot.lineItems());
        return capped(out);
    }

    private static void identifier(List<Violation> out, String field, String value, Pattern pattern, int max) {
        if (value == null) {
            out.add(new Violation(field, field + " is required."));
        } else if (value.length() > max) {
            out.add(new Violation(field, field + " " + quote(value) + " is " + value.length()
                    + " characters long; it can be at most " + max + "."));
        } else if (!pattern.matcher(value).matches()) {
            out.add(new Violation(field, field + " " + quote(value) + " " + ID_CHARS + "."));
        }
    }

    private static void title(List<Violation> out, String title) {
        if (title == null || title.isBlank()) {
            out.add(new Violation("title", "title is required and cannot be blank."));
        } else if (title.length() > MAX_TITLE) {
            out.add(new Violation("title", "title is " + title.length() + " characters long; it can be at most "
                    + MAX_TITLE + "."));
        }
    }

    private static void originalAmount(List<Violation> out, ContractSnapshot snapshot) {
        BigDecimal original = snapshot.originalContractAmount();
        if (original == null) {
            out.add(new Violation("originalContractAmount", "originalContractAmount is required."));
            return;
        }
        decimals(out, "originalContractAmount", "originalContractAmount", original, MONEY_DECIMALS);
        // The sum rule is reported here, with the field it protects, so the cap never hides it.
        BigDecimal sum = BigDecimal.ZERO;
        for (LineItem line : snapshot.lineItems()) {
            if (line.amount() == null) {
                return; // that line is reported on its own; a sum without it would only mislead
            }
            sum = sum.add(line.amount());
        }
        if (sum.compareTo(original) != 0) {
            BigDecimal difference = original.subtract(sum);
            String direction = difference.signum() > 0 ? "less" : "more";
            out.add(new Violation("originalContractAmount", "The line item amounts add up to "
                    + plain(sum) + " but originalContractAmount is " + plain(original) + ": the lines are "
                    + plain(difference.abs()) + " " + direction + " than the contract amount (difference "
                    + plain(difference) + ")."));
        }
    }

    private static void retainage(List<Violation> out, BigDecimal percent) {
        if (percent == null) {
            return;
        }
        if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
            out.add(new Violation("retainagePercent",
                    "retainagePercent is " + plain(percent) + "; it must be between 0 and 100."));
        }
        decimals(out, "retainagePercent", "retainagePercent", percent, MONEY_DECIMALS);
    }

    private static void lineItems(List<Violation> out, List<LineItem> lines) {
        if (lines.size() > MAX_LINE_ITEMS) {
            out.add(new Violation("lineItems", "The contract has " + lines.size() + " line items; at most "
                    + MAX_LINE_ITEMS + " are allowed."));
            return;
        }
        Map<String, List<Integer>> indexesByCode = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).itemCode();
            if (code != null) {
                indexesByCode.computeIfAbsent(code, c -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            line(out, i, lines.get(i), indexesByCode);
        }
    }

    private static void line(List<Violation> out, int i, LineItem line, Map<String, List<Integer>> indexesByCode) {
        String path = "lineItems[" + i + "]";
        String code = line.itemCode();
        String name = code == null ? "Line " + i : "Line " + i + " (item code " + quote(code) + ")";

        if (code == null) {
            out.add(new Violation(path + ".itemCode", "Line " + i + " has no item code; itemCode is required."));
        } else if (code.length() > MAX_ITEM_CODE) {
            out.add(new Violation(path + ".itemCode", "Item code " + quote(code) + " is " + code.length()
                    + " characters long, longer than the " + MAX_ITEM_CODE + " characters an item code can have."));
        } else if (!ITEM_CODE.matcher(code).matches()) {
            out.add(new Violation(path + ".itemCode", "Item code " + quote(code) + " " + ID_CHARS + "."));
        } else {
            List<Integer> indexes = indexesByCode.get(code);
            // Reported once, where the code repeats for the first time.
            if (indexes.size() > 1 && indexes.get(1) == i) {
                out.add(new Violation(path + ".itemCode", "Item code " + quote(code) + " appears "
                        + indexes.size() + " times, at lineItems" + indexes + "; item codes must be unique."));
            }
        }

        if (line.description() == null) {
            out.add(new Violation(path + ".description", name + " has no description; it may be empty but"
                    + " must be given."));
        } else if (line.description().length() > MAX_DESCRIPTION) {
            out.add(new Violation(path + ".description", name + ": the description is "
                    + line.description().length() + " characters long; it can be at most " + MAX_DESCRIPTION + "."));
        }

        if (line.amount() == null) {
            out.add(new Violation(path + ".amount", name + " has no amount; amount is required."));
        } else {
            decimals(out, path + ".amount", name + ": amount", line.amount(), MONEY_DECIMALS);
        }

        unitFields(out, path, name, line);
    }

    private static void unitFields(List<Violation> out, String path, String name, LineItem line) {
        if (!line.hasUnitFields()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (line.quantity() == null) {
            missing.add("quantity");
        }
        if (line.unitOfMeasure() == null) {
            missing.add("unitOfMeasure");
        }
        if (line.unitPrice() == null) {
            missing.add("unitPrice");
        }
        if (!missing.isEmpty()) {
            out.add(new Violation(path + "." + missing.get(0), name + " has some unit fields but no "
                    + String.join(" or ", missing) + "; give quantity, unitOfMeasure and unitPrice together"
                    + " (a unit-price line) or none of them (a lump-sum line)."));
        }
        if (line.quantity() != null) {
            decimals(out, path + ".quantity", name + ": quantity", line.quantity(), UNIT_DECIMALS);
        }
        String unit = line.unitOfMeasure();
        if (unit != null && unit.length() > MAX_UNIT_OF_MEASURE) {
            out.add(new Violation(path + ".unitOfMeasure", name + ": unit of measure " + quote(unit) + " is "
                    + unit.length() + " characters long; it can be at most " + MAX_UNIT_OF_MEASURE + "."));
        }
        if (line.unitPrice() != null) {
            decimals(out, path + ".unitPrice", name + ": unitPrice", line.unitPrice(), UNIT_DECIMALS);
        }
        if (missing.isEmpty() && line.amount() != null) {
            BigDecimal product = line.quantity().multiply(line.unitPrice()).setScale(MONEY_DECIMALS,
                    RoundingMode.HALF_UP);
            if (product.compareTo(line.amount()) != 0) {
                out.add(new Violation(path + ".amount", name + ": quantity " + plain(line.quantity())
                        + " × unit price " + plain(line.unitPrice()) + " = " + plain(product)
                        + ", but the amount is " + plain(line.amount()) + "."));
            }
        }
    }

    /** Decimals as written: the wire carries money with exactly two places, so "1.000" is not money. */
    private static void decimals(List<Violation> out, String field, String label, BigDecimal value, int max) {
        if (value.scale() > max) {
            out.add(new Violation(field, label + " " + plain(value) + " has " + value.scale()
                    + " decimal places; at most " + max + " are allowed."));
        }
    }

    private static List<Violation> capped(List<Violation> all) {
        if (all.size() <= MAX_VIOLATIONS) {
            return List.copyOf(all);
        }
        List<Violation> shown = new ArrayList<>(all.subList(0, MAX_VIOLATIONS - 1));
        int more = all.size() - shown.size();
        shown.add(new Violation("lineItems", "... and " + more + " more problems."));
        return List.copyOf(shown);
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static String quote(String value) {
        String shown = value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "…" : value;
        return "\"" + shown + "\"";
    }
}
