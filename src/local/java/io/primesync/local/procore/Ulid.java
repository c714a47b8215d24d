package io.primesync.local.procore;

import java.math.BigInteger;
import java.security.SecureRandom;

/** ULIDs: 48 bits of milliseconds and 80 random bits, in Crockford's base 32 (26 characters). */
public final class Ulid {
    private Ulid() {}

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String next(long millis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits, five at a time
        BigInteger bits = new BigInteger(1, random);
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[bits.intValue() & 31];
            bits = bits.shiftRight(5);
        }
        return new String(out);
    }
}
