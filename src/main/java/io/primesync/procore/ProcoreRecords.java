package io.primesync.procore;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** What the product reads of Procore's records, in its own words; {@link ProcoreClient} maps the wire format. */
public final class ProcoreRecords {
    private ProcoreRecords() {}

    /**
     * A project: the company Procore says it belongs to (null when the answer did not say), its name and number as
     * people know it; its {@code originId} is the ERP job it is synced to, or null.
     */
    public record Project(String id, String companyId, String name, String originId, String number) {}

    /**
     * What the product writes as a prime contract's {@code origin_data}: the mark that tells its prime contracts from
     * another integration's that carry the same {@code origin_id} (Procore's own ERP Integrations tool among them).
     */
    public static final String ORIGIN_DATA = "primesync";

    /**
     * A prime contract; {@code originId} is the ERP contract id when the product created it, {@code originData} the
     * third-party data its writer left ({@link #ORIGIN_DATA} for the product), {@code createdBy} who created it, as
     * Procore names them (null when it does not say).
     */
    public record PrimeContract(String id, String projectId, String originId, String title, String number,
            String status, String accountingMethod, BigDecimal retainagePercent, String originData, String createdBy,
            String deletedAt) {
        public PrimeContract(String id, String projectId, String originId, String title, String number, String status,
                String accountingMethod, BigDecimal retainagePercent) {
            this(id, projectId, originId, title, number, status, accountingMethod, retainagePercent, null, null);
        }

        public PrimeContract(String id, String projectId, String originId, String title, String number, String status,
                String accountingMethod, BigDecimal retainagePercent, String originData, String createdBy) {
            this(id, projectId, originId, title, number, status, accountingMethod, retainagePercent, originData,
                    createdBy, null);
        }

        /** Whether Procore shows it deleted ({@code deleted_at}): in its recycle bin, gone from the project. */
        public boolean deleted() {
            return deletedAt != null && !deletedAt.isBlank();
        }

        /**
         * Whether another integration wrote it: it carries third-party data that is not the product's. One without any
         * is the product's (written before it marked them, or by hand) and is marked at its next update.
         */
        public boolean ownedElsewhere() {
            return originData != null && !originData.isBlank() && !ORIGIN_DATA.equals(originData);
        }

        /** Who wrote it, as far as Procore tells: its {@code origin_data}, and who created it where Procore says. */
        public String writtenBy() {
            return "origin_data \"" + originData + "\"" + (createdBy == null ? "" : ", created by " + createdBy);
        }
    }

    /** What the product writes of a prime contract. */
    public record PrimeContractFields(String originId, String title, String number, String status,
            String accountingMethod, BigDecimal retainagePercent) {}

    /**
     * A line of a prime contract's schedule of values. {@code id} is Procore's (null before it exists); money and
     * quantities are Procore's strings read as decimals; {@code updatedAt} is when Procore says it last changed
     * (null on a line not read from Procore).
     */
    public record Line(String id, String originId, String description, BigDecimal amount, BigDecimal quantity,
            BigDecimal unitCost, String uom, String updatedAt) {
        /** A line to write: Procore sets when it changed. */
        public Line(String id, String originId, String description, BigDecimal amount, BigDecimal quantity,
                BigDecimal unitCost, String uom) {
            this(id, originId, description, amount, quantity, unitCost, uom, null);
        }
    }

    /**
     * A prime contract change order: the prime contract it changes ({@code contract_id}), its status, and the number
     * and title people see in Procore.
     */
    public record ChangeOrder(String id, String projectId, String primeContractId, String number, String status,
            String title) {}

    /** A webhook of the company: where Procore delivers, for which namespace (the app it belongs to). */
    public record Hook(String id, String namespace, String destinationUrl, String payloadVersion, String status) {
        /** Procore stopped delivering to it (after repeated discards, or people disabled it). */
        public boolean disabled() {
            return "disabled".equalsIgnoreCase(status);
        }
    }

    /** A resource a hook may be triggered by, with the event types ({@code create}, ...) it offers, in lower case. */
    public record HookResource(String name, List<String> actions) {}

    /** What a hook is delivered for: a resource name and an event type ({@code create}, {@code update}, {@code delete}). */
    public record Trigger(String id, String resourceName, String eventType) {}

    /**
     * One delivery Procore made (or tries to make) of a hook, as its deliveries list shows it, with the payload it
     * carries (null when the list gave none).
     */
    public record Delivery(String id, String status, int attempts, String resourceName, String eventType,
            String resourceId, JsonNode payload) {}

    /**
     * What is known of a company's Procore budget: the calls this process sent for it, and the hourly window as
     * Procore's headers last named it ({@code -1} each while unknown: Procore names the window closest to running
     * out, which is mostly the 10-second one).
     */
    public record RateBudget(long sent, long hourlyLimit, long hourlyRemaining) {
        public static final RateBudget UNKNOWN = new RateBudget(0, -1, -1);

        public boolean hourlyKnown() {
            return hourlyRemaining >= 0;
        }
    }

    /**
     * A record a sync action could not create or update, with Procore's reasons in one sentence and the fields they
     * name (empty when Procore named none).
     */
    public record RecordError(String originId, String message, List<String> fields) {
        public RecordError {
            fields = List.copyOf(fields);
        }

        public RecordError(String originId, String message) {
            this(originId, message, List.of());
        }
    }

    /** A sync action's answer: the records written, and the ones refused. */
    public record SyncOutcome(List<Line> entities, List<RecordError> errors) {
        public SyncOutcome {
            entities = List.copyOf(entities);
            errors = List.copyOf(errors);
        }
    }
}
