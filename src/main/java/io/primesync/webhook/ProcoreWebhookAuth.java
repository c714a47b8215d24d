package io.primesync.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Procore's deliveries are not signed: they carry back the header the hook was created with, {@code Authorization:
 * Bearer <secret>}. Each configured secret (one per line during a rotation) is a secret for every company, or, written
 * {@code <companyId>=<secret>}, for that company alone. Every secret is compared, in constant time, whatever matched.
 */
public final class ProcoreWebhookAuth {
    public static final String HEADER = "Authorization";

    private ProcoreWebhookAuth() {}

    /** Whether the header carries one of the secrets, for any company (checked before the body is read). */
    public static boolean presented(String header, List<byte[]> configured) {
        return matches(header, configured, null);
    }

    /** Whether the header carries a secret that covers the company. */
    public static boolean covers(String header, List<byte[]> configured, String companyId) {
        return companyId != null && matches(header, configured, companyId);
    }

    private static boolean matches(String header, List<byte[]> configured, String companyId) {
        byte[] presented = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] line : configured) {
            String entry = new String(line, StandardCharsets.UTF_8).strip();
            String scope = null;
            int eq = entry.indexOf('=');
            if (eq > 0 && entry.substring(0, eq).matches("[0-9]{1,18}")) {
                scope = entry.substring(0, eq);
                entry = entry.substring(eq + 1);
            }
            if (entry.isEmpty()) {
                continue;
            }
            boolean equal = MessageDigest.isEqual(("Bearer " + entry).getBytes(StandardCharsets.UTF_8), presented);
            ok |= equal && (companyId == null || scope == null || scope.equals(companyId));
        }
        return ok;
    }
}
