package io.primesync.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** Money is a decimal with exactly two places, carried as a string on the wire ("1250000.00"). */
public final class Money {
    /** At most 13 integer digits keeps every sum of 5,000 lines exact and far below double-precision trouble. */
    private static final Pattern MONEY = Pattern.compile("^-?(0|[1-9][0-9]{0,12})\\.[0-9]{2}$");
    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {}

    /** Parses a wire money string, or returns null when it is not one (the caller reports the field). */
    public static BigDecimal parseOrNull(String text) {
        if (text == null || !MONEY.matcher(text).matches()) {
            return null;
        }
        return new BigDecimal(text);
    }

    public static boolean isMoney(String text) {
        return text != null && MONEY.matcher(text).matches();
    }

    public static String format(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    public static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
