package io.primesync.procore;

import io.primesync.procore.ProcoreRecords.Hook;
import io.primesync.procore.ProcoreRecords.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The company's Procore webhook for the product, made to be what it must be: one hook of the product's namespace
 * delivering to its URL with the secret as its {@code Authorization} header, triggered by every action Procore offers
 * on each resource the product follows (create, update and delete; a project is never deleted, so {@code Projects}
 * offers no delete). Idempotent: what is there already is kept (event types compared without case: Procore's v1.0
 * writes them in upper case), a hook whose URL or headers differ is updated, only missing triggers are added, and a
 * trigger Procore refuses is reported without stopping the others.
 */
public final class HookSetup {
    /** The namespace the product's hooks are made in. */
    public static final String NAMESPACE = "primesync";
    public static final List<String> EVENTS = List.of("create", "update", "delete");
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

    /** The actions Procore offers on a resource's webhook triggers. */
    public static List<String> actions(String resource) {
        return PROJECTS.equals(resource) ? List.of("create", "update") : EVENTS;
    }

    /**
     * What a run found and did.
     *
     * @param triggersRefused each trigger Procore refused, with its words
     */
    public record Result(Hook hook, boolean created, boolean updated, List<String> triggersAdded, int triggersKept,
            List<String> triggersRefused) {}

    private final ProcoreClient procore;

    public HookSetup(ProcoreClient procore) {
        this.procore = procore;
    }

    /**
     * @param resources the resource names to follow (Procore's names, e.g. {@code Projects}, {@code Prime Contracts})
     * @param secret the value Procore sends back as {@code Authorization: Bearer <secret>} on every delivery
     */
    public Result ensure(String companyId, String destinationUrl, String secret, List<String> resources) {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + secret);
        Hook hook = null;
        for (Hook h : procore.hooks(companyId, NAMESPACE)) {
            if (NAMESPACE.equals(h.namespace())) {
                hook = h;
                break;
            }
        }
        boolean created = false;
        boolean updated = false;
        if (hook == null) {
            hook = procore.createHook(companyId, NAMESPACE, destinationUrl, headers, "v2.0");
            created = true;
        } else if (!Objects.equals(hook.destinationUrl(), destinationUrl)) {
            hook = procore.updateHook(companyId, hook.id(), NAMESPACE, destinationUrl, headers, "v2.0");
            updated = true;
        } else {
            // the secret may have been rotated: the header is written again, whatever Procore shows of it
            hook = procore.updateHook(companyId, hook.id(), NAMESPACE, destinationUrl, headers, "v2.0");
        }
        List<String> have = new ArrayList<>();
        for (Trigger t : procore.triggers(companyId, hook.id())) {
            have.add(t.resourceName() + " " + String.valueOf(t.eventType()).toLowerCase(Locale.ROOT));
        }
        List<String> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int kept = 0;
        for (String resource : resources) {
            for (String event : actions(resource)) {
                if (have.contains(resource + " " + event)) {
                    kept++;
                    continue;
                }
                try {
                    procore.createTrigger(companyId, hook.id(), resource, event);
                    added.add(resource + " " + event);
                } catch (ProcoreException.Refused e) {
                    refused.add(resource + " " + event + " (" + e.getMessage() + ")");
                }
            }
        }
        return new Result(hook, created, updated, added, kept, refused);
    }
}
