package io.primesync.domain;

import java.util.regex.Pattern;

/** The identifier patterns of the contract: what a company, project, contract, job, item code or change order id may look like. */
public final class Ids {
    private static final int IDEMPOTENCY_KEY_MAX = 128;

    public enum Kind {
        COMPANY_ID("companyId", "^[0-9]{1,20}$", "must be 1 to 20 digits"),
        PROJECT_ID("projectId", "^[0-9]{1,20}$", "must be 1 to 20 digits"),
        CONTRACT_ID("contractId", "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        JOB_NUMBER("jobNumber", "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$",
                "must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        ITEM_CODE("itemCode", "^[A-Za-z0-9][A-Za-z0-9._-]{0,9}$",
                "must be 1 to 10 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        PCCO_ID("pccoId", "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");

        private final String field;
        private final Pattern pattern;
        private final String rule;

        Kind(String field, String pattern, String rule) {
            this.field = field;
            this.pattern = Pattern.compile(pattern);
            this.rule = rule;
        }

        /** The field name the contract gives this identifier, e.g. {@code companyId}. */
        public String field() {
            return field;
        }

        /** What a valid value looks like, as the end of a sentence that starts with the field name. */
        public String rule() {
            return rule;
        }
    }

    private Ids() {}

    public static boolean matches(Kind kind, String value) {
        return value != null && kind.pattern.matcher(value).matches();
    }

    /** 1 to 128 printable ASCII characters (0x20 to 0x7E). */
    public static boolean isIdempotencyKey(String value) {
        return isPrintableAscii(value, IDEMPOTENCY_KEY_MAX);
    }

    /** Whether the value is 1 to {@code max} characters, each in 0x20..0x7E. */
    public static boolean isPrintableAscii(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
