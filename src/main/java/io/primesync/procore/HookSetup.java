package io.primesync.procore;

import io.primesync.procore.ProcoreRecords.Hook;
import io.primesync.procore.ProcoreRecords.HookResource;
import io.primesync.procore.ProcoreRecords.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The company's Procore webhook for the product (Procore's webhooks API v2.0), made to be what it must be: one hook of
 * the product's namespace delivering to its URL with the secret as its {@code Authorization} header, active, and
 * triggered by exactly the actions Procore offers on each resource the product follows (Procore's resource list says
 * which: {@code Projects} offers no delete). Idempotent: the hook is found by namespace and destination, made when
 * absent, its header written again (Procore shows it masked, so a rotated secret cannot be told from the old one), a
 * disabled hook re-enabled, only missing triggers added (event types compared without case), and a trigger Procore
 * refuses reported without stopping the others. Hooks of the namespace that deliver elsewhere are reported, not
 * touched: another deployment of the product may own them.
 */
public final class HookSetup {
    /** The namespace the product's hooks are made in. */
    public static final String NAMESPACE = "primesync";
    /** The payload version of the product's hook; the product reads v2.0's body and v3.0's related resources. */
    public static final String PAYLOAD_VERSION = "PROCORE_HOOK_PAYLOAD_VERSION";
    public static final String DEFAULT_PAYLOAD_VERSION = "v2.0";
    /** The name change-order events come under; Procore's is unconfirmed, so it is configuration. */
    public static final String CHANGE_ORDER_RESOURCE = "PROCORE_CHANGE_ORDER_RESOURCE";

    public static final String PROJECTS = "Projects";
    public static final String PRIME_CONTRACTS = "Prime Contracts";
    public static final String LINE_ITEMS = "Prime Contract Line Items";
    public static final String DEFAULT_CHANGE_ORDERS = "Change Order Packages";

    /** The resources the product follows: projects, prime contracts, their line items, change orders (last). */
    public static List<String> followed(Function<String, String> env) {
        String changeOrders = env.apply(CHANGE_ORDER_RESOURCE);
        return List.of(PROJECTS, PRIME_CONTRACTS, LINE_ITEMS,
                changeOrders == null || changeOrders.isBlank() ? DEFAULT_CHANGE_ORDERS : changeOrders.strip());
    }

    public static String payloadVersion(Function<String, String> env) {
        String v = env.apply(PAYLOAD_VERSION);
        return v == null || v.isBlank() ? DEFAULT_PAYLOAD_VERSION : v.strip();
    }

    /**
     * What a run found and did.
     *
     * @param reenabled the hook was disabled and is active again
     * @param triggersRefused each trigger Procore refused, and each followed resource Procore does not offer, in words
     * @param elsewhere the namespace's other hooks, each as "id → destination"
     */
    public record Result(Hook hook, boolean created, boolean reenabled, List<String> triggersAdded, int triggersKept,
            List<String> triggersRefused, List<String> elsewhere) {}

    private final ProcoreClient procore;
    private final String payloadVersion;

    public HookSetup(ProcoreClient procore, String payloadVersion) {
        this.procore = procore;
        this.payloadVersion = payloadVersion;
    }

    /**
     * @param resources the resource names to follow (Procore's names, e.g. {@code Projects}, {@code Prime Contracts})
     * @param secret the value Procore sends back as {@code Authorization: Bearer <secret>} on every delivery
     */
    public Result ensure(String companyId, String destinationUrl, String secret, List<String> resources) {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + secret);
        Hook hook = null;
        List<String> elsewhere = new ArrayList<>();
        for (Hook h : procore.hooks(companyId, NAMESPACE)) {
            if (!NAMESPACE.equals(h.namespace())) {
                continue;
            }
            if (hook == null && Objects.equals(h.destinationUrl(), destinationUrl)) {
                hook = h;
            } else {
                elsewhere.add(h.id() + " → " + h.destinationUrl());
            }
        }
        boolean created = hook == null;
        boolean reenabled = false;
        if (created) {
            hook = procore.createHook(companyId, NAMESPACE, destinationUrl, headers, payloadVersion);
        } else {
            reenabled = hook.disabled();
            // the secret may have been rotated: the header is written again, whatever Procore shows of it
            hook = procore.updateHook(companyId, hook.id(), NAMESPACE, destinationUrl, headers, payloadVersion, "active");
        }
        Map<String, HookResource> offered = new LinkedHashMap<>();
        for (HookResource r : procore.hookResources(companyId, payloadVersion)) {
            if (r.name() != null) {
                offered.put(r.name().toLowerCase(Locale.ROOT), r);
            }
        }
        Set<String> have = new HashSet<>();
        for (Trigger t : procore.triggers(companyId, hook.id())) {
            have.add(key(t.resourceName(), t.eventType()));
        }
        List<String> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int kept = 0;
        for (String resource : resources) {
            HookResource r = offered.get(resource.toLowerCase(Locale.ROOT));
            if (r == null || r.actions().isEmpty()) {
                refused.add(resource + " (Procore offers no webhook events for a resource of that name at payload "
                        + payloadVersion + ")");
                continue;
            }
            for (String event : r.actions()) {
                if (have.contains(key(r.name(), event))) {
                    kept++;
                    continue;
                }
                try {
                    procore.createTrigger(companyId, hook.id(), r.name(), event);
                    added.add(r.name() + " " + event);
                } catch (ProcoreException.Refused e) {
                    refused.add(r.name() + " " + event + " (" + e.getMessage() + ")");
                }
            }
        }
        return new Result(hook, created, reenabled, added, kept, refused, elsewhere);
    }

    private static String key(String resource, String event) {
        return String.valueOf(resource).toLowerCase(Locale.ROOT) + " " + String.valueOf(event).toLowerCase(Locale.ROOT);
    }
}
