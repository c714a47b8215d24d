package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attributes.*;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mapper of the job item: which Procore projects a job of the ERP is the origin of, one register per project
 * ({@code project#{id}} = {synced, occurredAt, eventId}), each kept by the later read.
 */
final class JobItem {
    private JobItem() {}

    static Map<String, AttributeValue> key(String companyId, String jobNumber) {
        return Keys.key(Keys.job(companyId, jobNumber), Keys.JOB);
    }

    /** Whether a project has the job as its origin, conditional on the stamp being later than the register's. */
    static Update register(String companyId, String jobNumber, String projectId, boolean synced, EventStamp stamp) {
        String attribute = JOB_PROJECT_PREFIX + projectId;
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(SYNCED, bool(synced));
        register.put(OCCURRED_AT, n(stamp.epochMillis()));
        register.put(EVENT_ID, s(stamp.eventId()));
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(JOB_NUMBER, s(jobNumber))
                .set(attribute, map(register));
        return u.when(u.absent(attribute) + " OR " + u.laterThanStored(stamp, new String[] {attribute, OCCURRED_AT},
                new String[] {attribute, EVENT_ID}));
    }

    /** The projects a job item names as synced, sorted as numbers. */
    static List<String> projects(Map<String, AttributeValue> jobItem) {
        TreeSet<String> projects = new TreeSet<>(Comparator.comparingLong(JobItem::numeric)
                .thenComparing(Comparator.naturalOrder()));
        for (Map.Entry<String, AttributeValue> e : jobItem.entrySet()) {
            if (e.getKey().startsWith(JOB_PROJECT_PREFIX) && e.getValue().hasM()
                    && Boolean.TRUE.equals(e.getValue().m().getOrDefault(SYNCED, bool(false)).bool())) {
                projects.add(e.getKey().substring(JOB_PROJECT_PREFIX.length()));
            }
        }
        return List.copyOf(projects);
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
