package io.primesync.local.procore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primesync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated Procore holds: companies, their projects, prime contracts with their line items, prime change
 * orders, and webhooks with their triggers, with the ids Procore hands out. Kept in memory, and (for {@code serve} on a data directory) written
 * to a file after every change, so it survives a restart as the contract store does.
 */
final class SimState {
    static final class Company {
        public long id;
        public Map<Long, Project> projects = new LinkedHashMap<>();
        public Map<Long, PrimeContract> primeContracts = new LinkedHashMap<>();
        /** Prime contracts people deleted (Procore's recycle bin): out of every list, their origin ids free again. */
        public Map<Long, PrimeContract> deletedPrimeContracts = new LinkedHashMap<>();
        public Map<Long, ChangeOrder> changeOrders = new LinkedHashMap<>();
        /** Change order packages: each 1- and 2-tier prime change order's, and 3-tier projects' own. */
        public Map<Long, ChangeOrderPackage> packages = new LinkedHashMap<>();
        public Map<Long, Hook> hooks = new LinkedHashMap<>();
        /** The company's units of measure (Company Admin's list): a line's {@code uom} must be one of them. */
        public List<String> units = new ArrayList<>(DEFAULT_UNITS);
    }

    /**
     * The units of measure a new company has here: a short list of common ones, in Procore's own spelling where its
     * master list has them; a test or demo sets a company's own through {@code PUT /_simulator/companies/{id}/units}.
     */
    static final List<String> DEFAULT_UNITS = List.of("EA", "LS", "LF", "SF", "SY", "CY", "CF", "TON", "LB", "GAL",
            "HR", "DAY", "MO", "LOT");

    /** A webhook: where deliveries go, with which headers, for which triggers. */
    static final class Hook {
        public long id;
        public String apiVersion;
        public String namespace;
        public String destinationUrl;
        public Map<String, String> destinationHeaders = new LinkedHashMap<>();
        public Map<Long, Trigger> triggers = new LinkedHashMap<>();
        public String createdAt;
        public String updatedAt;
        /** {@code active} or {@code disabled}: a disabled hook is sent nothing. */
        public volatile String status = "active";

        boolean disabled() {
            return "disabled".equals(status);
        }
    }

    static final class Trigger {
        public long id;
        public String resourceName;
        public String eventType;
    }

    static final class Project {
        public long id;
        /** The company that holds it ({@code company.id} in Procore's answers). */
        public long companyId;
        public String name;
        /** The project's number as people know it (Procore's {@code project_number}), or null. */
        public String number;
        public String originId;
        /**
         * The Prime Contracts tool's "Enable Always Editable Schedule of Values": lines may change in any status of the
         * contract, but none may be deleted or lowered below what owner invoices billed.
         */
        public boolean alwaysEditableSov;
        /** The project's change order tiers (1, 2 or 3). */
        public int changeOrderTiers = 2;
        /** Active, or made inactive by people: Procore lists active projects unless asked for others. */
        public boolean active = true;
        /**
         * What Procore answers the service account for this project and everything in it when the account was not
         * granted it (403 or 404; it also leaves it out of every list), or null when it was.
         */
        public Integer hidden;
        public String createdAt;
        public String updatedAt;
    }

    static final class PrimeContract {
        public long id;
        public long projectId;
        public String originId;
        public String originData;
        public String title;
        public String number;
        public String status;
        public String accountingMethod;
        public String retainagePercent;
        public Map<Long, LineItem> lineItems = new LinkedHashMap<>();
        /** What owner invoices billed of each line, by the line's {@code origin_id}. */
        public Map<String, String> billed = new LinkedHashMap<>();
        /** What Procore answers the service account for this prime contract (403 or 404), or null: it may see it. */
        public Integer hidden;
        /** When it was deleted, or null. */
        public String deletedAt;
        public String createdAt;
        public String updatedAt;
    }

    static final class LineItem {
        public long id;
        public String originId;
        public String description;
        public String amount;
        public String quantity;
        public String unitCost;
        public String uom;
        public String extendedType;
        public String createdAt;
        public String updatedAt;
    }

    static final class ChangeOrder {
        public long id;
        public long projectId;
        public long contractId;
        /** The change order package it is in ({@code legacy_package_id}): its deliveries name the package. */
        public long packageId;
        public String number;
        public String title;
        public String status;
        public String createdAt;
        public String updatedAt;
    }

    /** A change order package: on a 3-tier project, where its prime contract's change orders are approved. */
    static final class ChangeOrderPackage {
        public long id;
        public long projectId;
        public long contractId;
        public String number;
        public String title;
        public String status;
        public String createdAt;
        public String updatedAt;
    }

    public Map<Long, Company> companies = new LinkedHashMap<>();
    // Procore's ids: integers it hands out, from one sequence per kind
    public long nextProjectId = 2002;
    public long nextPrimeContractId = 5001;
    public long nextLineItemId = 100001;
    public long nextChangeOrderId = 9001;
    public long nextHookId = 301;
    public long nextPackageId = 8001;
    public long nextTriggerId = 4001;
    /**
     * Whether a read under one company's {@code Procore-Company-Id} answers a project (and what is in it) of another
     * company where the application is installed, as if ids were looked up across companies. Procore's documentation
     * does not say; off, every read is the header's company's alone. On, it shows what the product does when an
     * answer is not its company's.
     */
    public boolean readsAcrossCompanies;
    /**
     * Whether a contract out of {@code Draft} may be set back to {@code Draft} through the API. Procore's documentation
     * does not say; on by default, off shows what the product does where Procore refuses.
     */
    public boolean backToDraft = true;
    /**
     * Whether a deleted prime contract (in Procore's recycle bin) is still shown by its id, with its {@code deleted_at}
     * (the field Procore's description gives a prime contract), or answers 404. Procore's documentation does not say;
     * on, the default, a read finds it deleted; off, only the hook's deliveries say it was.
     */
    public boolean showsDeletedPrimeContracts = true;

    /** Where this state is kept, or null for memory only (not a field of the file: it is not public). */
    private Path file;

    private static final ObjectMapper FILE = Json.MAPPER.copy()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);

    /** The state kept in {@code file} (a new one when there is none yet), or a state in memory only for null. */
    static SimState load(Path file) {
        SimState state;
        if (file == null || !Files.exists(file)) {
            state = new SimState();
        } else {
            try {
                state = FILE.readValue(file.toFile(), SimState.class);
            } catch (IOException e) {
                throw new UncheckedIOException("the simulator's state in " + file + " cannot be read", e);
            }
        }
        state.file = file;
        return state;
    }

    /** Writes the state to its file, if it has one; called with the state's lock held, after every change. */
    void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            FILE.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's state cannot be written to " + file, e);
        }
    }

    /** The company that holds the project, or null. */
    Company holderOf(long projectId) {
        for (Company c : companies.values()) {
            if (c.projects.containsKey(projectId)) {
                return c;
            }
        }
        return null;
    }

    /** Every line item of the company carrying this origin id (a company-unique id, so at most one). */
    List<LineItem> linesWithOrigin(Company c, String originId) {
        List<LineItem> out = new ArrayList<>();
        for (PrimeContract pc : c.primeContracts.values()) {
            for (LineItem line : pc.lineItems.values()) {
                if (originId.equals(line.originId)) {
                    out.add(line);
                }
            }
        }
        return out;
    }
}
