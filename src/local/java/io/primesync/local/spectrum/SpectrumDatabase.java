package io.primesync.local.spectrum;

import io.primesync.agent.Mapping;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local Spectrum's Info-Link database: embedded H2 in its SQL Server mode, with the tables and columns of the
 * agent's mapping, keys as CHAR columns (padded with spaces, as Spectrum's are), and a read-only login for the agent.
 * Jobs and contracts are written here as Spectrum's screens allow (no balance check, amounts as given).
 */
public final class SpectrumDatabase implements AutoCloseable {
    /** The read-only login the agent uses, as an Info-Link login is. */
    public static final String READER = "INFOLINK";
    public static final String READER_PASSWORD = "local-info-link";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String url;
    private final Mapping m;
    private final Connection admin;

    /**
     * @param url the database's URL, as the agent connects to it
     * @param settings what the administrator's first connection sets up (a setting only an administrator may make)
     */
    private SpectrumDatabase(String url, String settings, Mapping mapping) throws SQLException {
        this.url = url;
        this.m = mapping;
        this.admin = DriverManager.getConnection(url + settings, "sa", "");
    }

    /** A new in-memory database with the mapping's tables. */
    public static SpectrumDatabase inMemory(Mapping mapping) throws SQLException {
        SpectrumDatabase db = new SpectrumDatabase("jdbc:h2:mem:spectrum-" + NAMES.incrementAndGet()
                + ";MODE=MSSQLServer", ";DB_CLOSE_DELAY=-1", mapping);
        db.create();
        return db;
    }

    /**
     * The database in {@code file} (H2 adds {@code .mv.db}), made with the mapping's tables when new, kept as it is
     * when not: a local Spectrum that keeps what was written to it across restarts.
     */
    public static SpectrumDatabase file(Mapping mapping, Path file) throws SQLException {
        SpectrumDatabase db = new SpectrumDatabase("jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=MSSQLServer", "",
                mapping);
        db.create();
        return db;
    }

    /** The JDBC URL the agent connects to, with {@link #READER}. */
    public String url() {
        return url;
    }

    /** A connection as the database's administrator (the local Spectrum's faults). */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** A connection as the agent's read-only login. */
    public Connection reader() throws SQLException {
        return DriverManager.getConnection(url, READER, READER_PASSWORD);
    }

    private void create() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + m.name("job.table") + " (" + m.name("job.company") + " CHAR(3) NOT NULL, "
                    + m.name("job.number") + " CHAR(10) NOT NULL, " + m.name("job.description") + " VARCHAR(30), "
                    + m.name("job.status") + " CHAR(1), PRIMARY KEY (" + m.name("job.company") + ", "
                    + m.name("job.number") + "))");
            s.execute("CREATE TABLE IF NOT EXISTS " + m.name("contract.table") + " (" + m.name("contract.company")
                    + " CHAR(3) NOT NULL, " + m.name("contract.job") + " CHAR(10) NOT NULL, "
                    + m.name("contract.customer") + " CHAR(10) NOT NULL, " + m.name("contract.amount")
                    + " DECIMAL(12,2), " + m.name("contract.retention") + " DECIMAL(5,2), "
                    + m.name("contract.unitPricing") + " CHAR(1), PRIMARY KEY (" + m.name("contract.company") + ", "
                    + m.name("contract.job") + ", " + m.name("contract.customer") + "))");
            s.execute("CREATE TABLE IF NOT EXISTS " + m.name("fixed.table") + " (" + m.name("fixed.company") + " CHAR(3) NOT NULL, "
                    + m.name("fixed.job") + " CHAR(10) NOT NULL, " + m.name("fixed.customer") + " CHAR(10) NOT NULL, "
                    + m.name("fixed.code") + " CHAR(10) NOT NULL, " + m.name("fixed.description") + " VARCHAR(30), "
                    + m.name("fixed.additionalDescription") + " VARCHAR(40), " + m.name("fixed.amount")
                    + " DECIMAL(12,2))");
            s.execute("CREATE TABLE IF NOT EXISTS " + m.name("unit.table") + " (" + m.name("unit.company") + " CHAR(3) NOT NULL, "
                    + m.name("unit.job") + " CHAR(10) NOT NULL, " + m.name("unit.customer") + " CHAR(10) NOT NULL, "
                    + m.name("unit.group") + " CHAR(10), " + m.name("unit.code") + " CHAR(10) NOT NULL, "
                    + m.name("unit.description") + " VARCHAR(30), " + m.name("unit.amount") + " DECIMAL(12,2), "
                    + m.name("unit.quantity") + " DECIMAL(14,4), " + m.name("unit.unit") + " CHAR(5), "
                    + m.name("unit.unitPrice") + " DECIMAL(14,4))");
            // the item tables are kept by contract, as Spectrum's are: a contract's items are found by its keys
            for (String kind : List.of("fixed", "unit")) {
                s.execute("CREATE INDEX IF NOT EXISTS " + m.name(kind + ".table") + "_BY_CONTRACT ON "
                        + m.name(kind + ".table") + " (" + m.name(kind + ".company") + ", " + m.name(kind + ".job")
                        + ", " + m.name(kind + ".customer") + ")");
            }
            s.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + READER_PASSWORD + "'");
            for (String table : List.of("job.table", "contract.table", "fixed.table", "unit.table")) {
                s.execute("GRANT SELECT ON " + m.name(table) + " TO " + READER);
            }
        }
    }

    /** Whether a company has the job. */
    public boolean hasJob(String company, String job) throws SQLException {
        try (PreparedStatement p = admin.prepareStatement("SELECT 1 FROM " + m.name("job.table") + " WHERE "
                + m.name("job.company") + " = ? AND " + m.name("job.number") + " = ?")) {
            p.setString(1, company);
            p.setString(2, job);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** A job of a company ({@code status} A, I or C). */
    public void job(String company, String job, String description, String status) throws SQLException {
        try (PreparedStatement p = admin.prepareStatement("MERGE INTO " + m.name("job.table") + " ("
                + m.name("job.company") + ", " + m.name("job.number") + ", " + m.name("job.description") + ", "
                + m.name("job.status") + ") KEY (" + m.name("job.company") + ", " + m.name("job.number")
                + ") VALUES (?, ?, ?, ?)")) {
            p.setString(1, company);
            p.setString(2, job);
            p.setString(3, description);
            p.setString(4, status);
            p.executeUpdate();
        }
    }

    /** One billing item as the screens take it: a unit-price one has a group, a quantity, a unit and a unit price. */
    public record Item(String group, String code, String description, String amount, String quantity, String unit,
            String unitPrice) {
        public static Item fixed(String code, String description, String amount) {
            return new Item(null, code, description, amount, null, null, null);
        }
    }

    /**
     * A contract of a job and customer written as Spectrum's screens allow (no balance check, amounts as given),
     * replacing what it held: its header and all of its items, in one transaction.
     */
    public void contract(String company, String job, String customer, String originalAmount, boolean unitPricing,
            String retention, List<Item> items) throws SQLException {
        boolean auto = admin.getAutoCommit();
        admin.setAutoCommit(false);
        try {
            deleteItems(company, job, customer);
            try (PreparedStatement p = admin.prepareStatement("MERGE INTO " + m.name("contract.table") + " ("
                    + m.name("contract.company") + ", " + m.name("contract.job") + ", " + m.name("contract.customer")
                    + ", " + m.name("contract.amount") + ", " + m.name("contract.retention") + ", "
                    + m.name("contract.unitPricing") + ") KEY (" + m.name("contract.company") + ", "
                    + m.name("contract.job") + ", " + m.name("contract.customer") + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, company);
                p.setString(2, job);
                p.setString(3, customer);
                p.setBigDecimal(4, decimal(originalAmount));
                p.setBigDecimal(5, decimal(retention));
                p.setString(6, unitPricing ? "Y" : "N");
                p.executeUpdate();
            }
            try (PreparedStatement fixed = admin.prepareStatement("INSERT INTO " + m.name("fixed.table") + " ("
                    + m.name("fixed.company") + ", " + m.name("fixed.job") + ", " + m.name("fixed.customer") + ", "
                    + m.name("fixed.code") + ", " + m.name("fixed.description") + ", " + m.name("fixed.amount")
                    + ") VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement unit = admin.prepareStatement("INSERT INTO " + m.name("unit.table") + " ("
                            + m.name("unit.company") + ", " + m.name("unit.job") + ", " + m.name("unit.customer") + ", "
                            + m.name("unit.group") + ", " + m.name("unit.code") + ", " + m.name("unit.description")
                            + ", " + m.name("unit.amount") + ", " + m.name("unit.quantity") + ", " + m.name("unit.unit")
                            + ", " + m.name("unit.unitPrice") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Item i : items) {
                    if (i.quantity() == null) {
                        fixed.setString(1, company);
                        fixed.setString(2, job);
                        fixed.setString(3, customer);
                        fixed.setString(4, i.code());
                        fixed.setString(5, i.description());
                        fixed.setBigDecimal(6, decimal(i.amount()));
                        fixed.addBatch();
                    } else {
                        unit.setString(1, company);
                        unit.setString(2, job);
                        unit.setString(3, customer);
                        unit.setString(4, i.group());
                        unit.setString(5, i.code());
                        unit.setString(6, i.description());
                        unit.setBigDecimal(7, decimal(i.amount()));
                        unit.setBigDecimal(8, decimal(i.quantity()));
                        unit.setString(9, i.unit());
                        unit.setBigDecimal(10, decimal(i.unitPrice()));
                        unit.addBatch();
                    }
                }
                fixed.executeBatch();
                unit.executeBatch();
            }
            admin.commit();
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(auto);
        }
    }

    /** A contract deleted in Spectrum, with its items. */
    public void deleteContract(String company, String job, String customer) throws SQLException {
        deleteItems(company, job, customer);
        try (PreparedStatement p = admin.prepareStatement("DELETE FROM " + m.name("contract.table") + " WHERE "
                + m.name("contract.company") + " = ? AND " + m.name("contract.job") + " = ? AND "
                + m.name("contract.customer") + " = ?")) {
            p.setString(1, company);
            p.setString(2, job);
            p.setString(3, customer);
            p.executeUpdate();
        }
    }

    private void deleteItems(String company, String job, String customer) throws SQLException {
        for (String kind : List.of("fixed", "unit")) {
            try (PreparedStatement p = admin.prepareStatement("DELETE FROM " + m.name(kind + ".table") + " WHERE "
                    + m.name(kind + ".company") + " = ? AND " + m.name(kind + ".job") + " = ? AND "
                    + m.name(kind + ".customer") + " = ?")) {
                p.setString(1, company);
                p.setString(2, job);
                p.setString(3, customer);
                p.executeUpdate();
            }
        }
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SHUTDOWN");
        } finally {
            admin.close();
        }
    }
}
