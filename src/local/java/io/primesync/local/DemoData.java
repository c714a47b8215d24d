package io.primesync.local;

import io.primesync.agent.Snapshots;
import io.primesync.domain.SovLockSetting;
import io.primesync.local.auth.LocalIdentity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo company, as data: one Spectrum contract in each state the product distinguishes (its job, project, ERP
 * versions and the re-import reasons it is there to show), each contract's lines at each of the demo's two polls of
 * Spectrum, and the demo's users. The demo's contracts are Spectrum company {@link #SPECTRUM_COMPANY}'s, read by the
 * agent ({@link DemoSpectrum}); its two polls are at fixed times, so the ERP versions the agent mints are fixed
 * ({@link #V1}, {@link #V2}) and loading twice changes nothing. {@link DemoLoader} loads it.
 */
public final class DemoData {
    public static final String COMPANY = "1001";
    public static final String OTHER_COMPANY = "9009";
    /** The demo's Spectrum company (its {@code Company_Code}), the product's company {@link #COMPANY}. */
    public static final String SPECTRUM_COMPANY = "1";
    /** The owner, the customer of every demo contract. */
    public static final String CUSTOMER = "OWNER";
    /** When the agent first read the demo's Spectrum, and its first ERP version of every contract: the time's millis. */
    public static final Instant FIRST_POLL = Instant.parse("2026-11-02T14:00:00Z");
    /** When the agent read the changes made in Spectrum after the imports, and their ERP version. */
    public static final Instant SECOND_POLL = Instant.parse("2026-11-16T14:00:00Z");
    public static final long V1 = FIRST_POLL.toEpochMilli();
    public static final long V2 = SECOND_POLL.toEpochMilli();

    /** Imported, then changed in the ERP (a line added, one changed, one removed): ready to re-import. */
    public static final String READY = id("24-101");
    /** Imported, then set back to unapproved in the ERP while changed. */
    public static final String UNAPPROVED = id("24-102");
    /** Imported, then its job was unsynced from the project. */
    public static final String NO_JOB = id("24-103");
    /** Imported, then linked to a second project on the project side. */
    public static final String TWO_PROJECTS = id("24-104");
    /** Imported and unchanged since. */
    public static final String IN_SYNC = id("24-105");
    /** Imported, changed in the ERP, and a change order was approved on the project. */
    public static final String APPROVED_CO = id("24-106");
    /** Imported, then deleted in the ERP (and nothing changed before: there is nothing to re-import either). */
    public static final String DELETED = id("24-107");
    /** Known from the ERP, job synced, never imported (the "Staged" tab; re-import refused as NOT_IMPORTED). */
    public static final String STAGED = id("24-108");
    /** 600 line items, imported, then changed: ready to re-import. */
    public static final String LARGE = id("24-109");
    /**
     * Ready to re-import like {@link #READY}, for the command-line walk of the README, so that the walk and the web
     * page each have a re-import of their own to make.
     */
    public static final String READY_2 = id("24-111");
    /**
     * Imported, then changed in the ERP, in the one project where the demo company keeps prime contracts out of Draft
     * as they are ({@link #SETTINGS}): Procore has it Approved, so its re-import is refused with PROCORE_SOV_LOCKED.
     */
    public static final String LOCKED = id("24-112");
    public static final String LOCKED_PROJECT = "2013";
    /**
     * Imported and unchanged in the ERP since, but someone raised a line in Procore by hand ({@link #EDITED_LINE},
     * $600,000.00 to $610,000.00): ready to re-import, and its preview shows Procore's value going back to Spectrum's.
     */
    public static final String EDITED = id("24-113");
    public static final String EDITED_LINE = "03-300";
    public static final String EDITED_AMOUNT = "610000.00";
    /**
     * Imported, then changed in the ERP, in a project the service account lost (Procore answers it 404, as for any
     * project a DMSA was not given): nothing unlinked, the re-import refused with PROCORE_NOT_VISIBLE naming the grant.
     */
    public static final String NOT_VISIBLE = id("24-114");

    /**
     * The demo company's choices, which the functions of a local run read: a re-import unlocks a prime contract out of
     * Draft and restores it, except in {@link #LOCKED_PROJECT}, where the company keeps such contracts locked.
     */
    public static final Map<String, String> SETTINGS = Map.of(SovLockSetting.NAME, "{\"*\": \"" + SovLockSetting.UNLOCK
            + "\", \"" + COMPANY + "/" + LOCKED_PROJECT + "\": \"" + SovLockSetting.REFUSE + "\"}");

    public static final String APPROVED_PCCO = "PCCO-001";
    public static final int LARGE_LINES = 600;

    /**
     * One demo contract.
     *
     * @param projectId the project its job is synced to
     * @param otherProjectId a second project it is linked to, or null
     * @param projectName its project's name in Procore, and its job's description in Spectrum (cut to 30)
     * @param erpVersion the ERP version after loading
     * @param importedVersion the version imported, or 0 when never imported
     * @param reasons the reasons a re-import by the admin is refused, none when it is ready
     */
    public record Contract(String contractId, String jobNumber, String projectId, String otherProjectId,
            String projectName, long erpVersion, long importedVersion, List<String> reasons) {
        public boolean ready() {
            return reasons.isEmpty();
        }

        /** Its title, as the agent makes it (as Procore's own connector titles it). */
        public String title() {
            return jobNumber + " Prime Contract";
        }
    }

    /** A line item as the ERP sends it; the unit fields are null on lump-sum lines. */
    public record Line(String itemCode, String description, String amount, String quantity, String unitOfMeasure,
            String unitPrice) {
        static Line lump(String itemCode, String description, String amount) {
            return new Line(itemCode, description, amount, null, null, null);
        }

        Map<String, Object> json() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("itemCode", itemCode);
            line.put("description", description);
            line.put("amount", amount);
            if (quantity != null) {
                line.put("quantity", quantity);
                line.put("unitOfMeasure", unitOfMeasure);
                line.put("unitPrice", unitPrice);
            }
            return line;
        }
    }


    /** The product's id of the demo's contract on a job, as the agent makes it. */
    private static String id(String jobNumber) {
        return Snapshots.contractId(SPECTRUM_COMPANY, jobNumber, CUSTOMER);
    }

    private static final List<Contract> CONTRACTS = List.of(
            new Contract(READY, "24-101", "2002", null, "Riverside Medical Office Building", V2, V1,
                    List.of()),
            new Contract(UNAPPROVED, "24-102", "2003", null, "Harbor View Parking Structure", V2, V1,
                    List.of("CONTRACT_UNAPPROVED")),
            new Contract(NO_JOB, "24-103", "2004", null, "Maple Street Elementary Renovation", V2, V1,
                    List.of("JOB_NOT_SYNCED")),
            new Contract(TWO_PROJECTS, "24-104", "2005", "2006", "Lakeside Distribution Center", V2, V1,
                    List.of("LINKED_TO_MULTIPLE_PROJECTS")),
            new Contract(IN_SYNC, "24-105", "2007", null, "Civic Center Library Expansion", V1, V1,
                    List.of("NO_UNSYNCED_CHANGES")),
            new Contract(APPROVED_CO, "24-106", "2008", null, "North Campus Science Hall", V2, V1,
                    List.of("APPROVED_CHANGE_ORDERS")),
            new Contract(DELETED, "24-107", "2009", null, "Westgate Retail Pad B", V2, V1,
                    List.of("CONTRACT_DELETED_IN_ERP")),
            new Contract(STAGED, "24-108", "2010", null, "Airport Terminal C Fit-Out", V1, 0,
                    List.of("NOT_IMPORTED")),
            new Contract(LARGE, "24-109", "2011", null, "Regional Hospital Tower (unit-price)", V2, V1,
                    List.of()),
            new Contract(READY_2, "24-111", "2012", null, "Eastgate Transit Center", V2, V1,
                    List.of()),
            new Contract(LOCKED, "24-112", LOCKED_PROJECT, null, "Summit Ridge Apartments", V2, V1,
                    List.of("PROCORE_SOV_LOCKED")),
            new Contract(EDITED, "24-113", "2014", null, "Bayfront Office Renovation", V1, V1,
                    List.of()),
            new Contract(NOT_VISIBLE, "24-114", "2015", null, "Quarry Road Water Treatment Plant", V2, V1,
                    List.of("PROCORE_NOT_VISIBLE")));

    private DemoData() {}

    public static List<Contract> contracts() {
        return CONTRACTS;
    }

    /** Whether a contract id is one of the demo's. */
    public static boolean isDemoContract(String contractId) {
        return CONTRACTS.stream().anyMatch(c -> c.contractId().equals(contractId));
    }

    public static Contract contract(String contractId) {
        return CONTRACTS.stream().filter(c -> c.contractId().equals(contractId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo contract " + contractId));
    }

    /** Every project of the demo company. */
    public static List<String> projectIds() {
        List<String> ids = new ArrayList<>();
        for (Contract c : CONTRACTS) {
            ids.add(c.projectId());
            if (c.otherProjectId() != null) {
                ids.add(c.otherProjectId());
            }
        }
        return ids;
    }

    /** The line items of a demo contract at an ERP version. */
    public static List<Line> lines(String contractId, long erpVersion) {
        if (contractId.equals(LARGE)) {
            return largeLines(erpVersion);
        }
        List<Line> lines = new ArrayList<>(List.of(
                Line.lump("01-000", "General conditions", "250000.00"),
                new Line("02-100", "Earthwork", "400000.00", "4000", "CY", "100.00"),
                Line.lump("03-300", "Cast-in-place concrete", "600000.00"),
                Line.lump("05-100", "Structural steel", "750000.00")));
        if (erpVersion >= V2) {
            // one line changed, one removed, one added
            lines.set(2, Line.lump("03-300", "Concrete, incl. podium slab", "650000.00"));
            lines.remove(3);
            lines.add(Line.lump("09-900", "Painting and coatings", "120000.00"));
        }
        return lines;
    }

    private static List<Line> largeLines(long erpVersion) {
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= LARGE_LINES; i++) {
            String code = String.format("L%04d", i);
            if (i % 3 == 0) {
                BigDecimal quantity = BigDecimal.valueOf(10 + i % 40);
                BigDecimal unitPrice = BigDecimal.valueOf(125 + i % 17).setScale(2, RoundingMode.UNNECESSARY);
                lines.add(new Line(code, "Unit-price item " + i, money(quantity.multiply(unitPrice)),
                        quantity.toPlainString(), "EA", money(unitPrice)));
            } else {
                lines.add(Line.lump(code, "Lump-sum item " + i, money(BigDecimal.valueOf(1000L + i * 7L))));
            }
        }
        if (erpVersion >= V2) {
            lines.set(9, Line.lump("L0010", "Lump-sum item 10 (revised)", "2500.00"));
            lines.set(99, Line.lump("L0100", "Lump-sum item 100 (revised)", "9100.00"));
            lines.remove(499);
            lines.add(Line.lump("L0601", "Added scope: rooftop screen", "48000.00"));
            lines.add(Line.lump("L0602", "Added scope: helipad lighting", "36500.00"));
        }
        return lines;
    }

    /** Whether a demo contract is approved at a version: its job active (it is set inactive in Spectrum). */
    public static boolean approved(String contractId, long erpVersion) {
        return !(contractId.equals(UNAPPROVED) && erpVersion >= V2);
    }

    /** The ERP snapshot of a demo contract at a version, as the agent sends it. */
    public static Map<String, Object> snapshot(String contractId, long erpVersion) {
        Contract c = contract(contractId);
        List<Line> lines = lines(contractId, erpVersion);
        BigDecimal total = BigDecimal.ZERO;
        List<Map<String, Object>> json = new ArrayList<>();
        for (Line line : lines) {
            total = total.add(new BigDecimal(line.amount()));
            json.add(line.json());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contractId", c.contractId());
        data.put("jobNumber", c.jobNumber());
        data.put("title", c.title());
        data.put("status", approved(contractId, erpVersion) ? "approved" : "unapproved");
        data.put("erpVersion", erpVersion);
        data.put("originalContractAmount", money(total));
        data.put("lineItems", json);
        return data;
    }

    /** The sum of a demo contract's lines at a version. */
    public static String amount(String contractId, long erpVersion) {
        return (String) snapshot(contractId, erpVersion).get("originalContractAmount");
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * The demo's users: an admin of company 1001 and of its projects' Prime Contracts, a viewer of both, and an admin
     * of another company; for the tokens, the web page's sign-in and the local identity provider's.
     */
    public static List<LocalIdentity.User> users() {
        Map<String, Object> projectsAdmin = new LinkedHashMap<>();
        Map<String, Object> projectsRead = new LinkedHashMap<>();
        for (String p : projectIds()) {
            projectsAdmin.put(p, Map.of("prime_contracts", "admin"));
            projectsRead.put(p, Map.of("prime_contracts", "read_only"));
        }
        return List.of(
                new LocalIdentity.User("admin", "demo-admin", "Admin on ERP Integrations of company " + COMPANY
                        + " and on Prime Contracts of its projects: may import and re-import.", Map.of(
                        "companies", Map.of(COMPANY, Map.of("erp_integrations", "admin")), "projects", projectsAdmin)),
                new LocalIdentity.User("viewer", "demo-viewer", "Read Only on ERP Integrations of company " + COMPANY
                        + " and on Prime Contracts of its projects: sees everything, may change nothing.", Map.of(
                        "companies", Map.of(COMPANY, Map.of("erp_integrations", "read_only")), "projects", projectsRead)),
                new LocalIdentity.User("other", "other-admin", "Admin of another company (" + OTHER_COMPANY
                        + ") only: sees nothing of company " + COMPANY + ".", Map.of(
                        "companies", Map.of(OTHER_COMPANY, Map.of("erp_integrations", "admin")), "projects", Map.of())));
    }
}
