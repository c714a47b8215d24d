package io.primesync.agent;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a company's prime contracts from Spectrum's database through Info-Link, with the mapping's names: two
 * queries, each the contracts joined with one kind of billing item (fixed-price, unit-price) and ordered by the
 * contract's keys, read side by side. Each contract is handed on as soon as its rows are read, so memory holds one
 * contract at a time however large the company. Keys come CHAR-padded and are trimmed.
 */
public final class SpectrumReader {
    private static final int FETCH = 1000;

    private final Mapping m;

    public SpectrumReader(Mapping mapping) {
        this.m = mapping;
    }

    /** Every contract of the company, in the database's order of its keys. */
    public void read(Connection db, String company, Consumer<SpectrumContract> each) throws SQLException {
        try (PreparedStatement fixed = db.prepareStatement(query("fixed", List.of("code", "description",
                "additionalDescription", "amount")));
                PreparedStatement unit = db.prepareStatement(query("unit", List.of("group", "code", "description",
                        "amount", "quantity", "unit", "unitPrice")))) {
            fixed.setFetchSize(FETCH);
            unit.setFetchSize(FETCH);
            fixed.setString(1, company);
            unit.setString(1, company);
            try (ResultSet f = fixed.executeQuery(); ResultSet u = unit.executeQuery()) {
                Cursor fc = new Cursor(f);
                Cursor uc = new Cursor(u);
                while (fc.row) {
                    Key key = fc.key();
                    if (!uc.row || !key.equals(uc.key())) {
                        // both queries list the same contracts in the same order: anything else is a read to retry
                        throw new SQLException("the contracts changed between the two queries of one read");
                    }
                    List<SpectrumContract.Item> items = new ArrayList<>();
                    Header header = fc.header();
                    while (fc.row && key.equals(fc.key())) {
                        if (fc.rs.getString(9) != null) {
                            String more = trim(fc.rs.getString(11));
                            String description = trim(fc.rs.getString(10));
                            items.add(new SpectrumContract.Item(null, trim(fc.rs.getString(9)),
                                    more == null || more.isEmpty() ? description : description + " " + more,
                                    fc.rs.getBigDecimal(12), null, null, null));
                        }
                        fc.next();
                    }
                    while (uc.row && key.equals(uc.key())) {
                        if (uc.rs.getString(10) != null) {
                            items.add(new SpectrumContract.Item(trim(uc.rs.getString(9)), trim(uc.rs.getString(10)),
                                    trim(uc.rs.getString(11)), uc.rs.getBigDecimal(12), uc.rs.getBigDecimal(13),
                                    trim(uc.rs.getString(14)), uc.rs.getBigDecimal(15)));
                        }
                        uc.next();
                    }
                    each.accept(new SpectrumContract(key.company, key.job, key.customer, header.jobDescription,
                            header.jobStatus, header.amount, header.retention, header.unitPricing, items));
                }
                if (uc.row) {
                    throw new SQLException("the contracts changed between the two queries of one read");
                }
            }
        }
    }

    /**
     * The contracts of a company joined with one kind of item: columns 1-8 the contract and its job, 9 on the item's.
     */
    private String query(String items, List<String> itemColumns) {
        String c = m.name("contract.table");
        String j = m.name("job.table");
        String i = m.name(items + ".table");
        StringBuilder select = new StringBuilder("SELECT c.").append(m.name("contract.company"))
                .append(", c.").append(m.name("contract.job")).append(", c.").append(m.name("contract.customer"))
                .append(", c.").append(m.name("contract.amount")).append(", c.").append(m.name("contract.retention"))
                .append(", c.").append(m.name("contract.unitPricing")).append(", j.").append(m.name("job.description"))
                .append(", j.").append(m.name("job.status"));
        for (String column : itemColumns) {
            select.append(", i.").append(m.name(items + "." + column));
        }
        return select + " FROM " + c + " c"
                + " LEFT JOIN " + j + " j ON j." + m.name("job.company") + " = c." + m.name("contract.company")
                + " AND j." + m.name("job.number") + " = c." + m.name("contract.job")
                + " LEFT JOIN " + i + " i ON i." + m.name(items + ".company") + " = c." + m.name("contract.company")
                + " AND i." + m.name(items + ".job") + " = c." + m.name("contract.job")
                + " AND i." + m.name(items + ".customer") + " = c." + m.name("contract.customer")
                + " WHERE c." + m.name("contract.company") + " = ?"
                + " ORDER BY c." + m.name("contract.job") + ", c." + m.name("contract.customer");
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }

    private record Key(String company, String job, String customer) {}

    private record Header(String jobDescription, String jobStatus, BigDecimal amount, BigDecimal retention,
            boolean unitPricing) {}

    /** A result set read row by row, with whether a row is there. */
    private static final class Cursor {
        final ResultSet rs;
        boolean row;

        Cursor(ResultSet rs) throws SQLException {
            this.rs = rs;
            this.row = rs.next();
        }

        void next() throws SQLException {
            row = rs.next();
        }

        Key key() throws SQLException {
            return new Key(trim(rs.getString(1)), trim(rs.getString(2)), trim(rs.getString(3)));
        }

        Header header() throws SQLException {
            String flag = trim(rs.getString(6));
            return new Header(trim(rs.getString(7)), trim(rs.getString(8)), rs.getBigDecimal(4), rs.getBigDecimal(5),
                    Objects.equals("Y", flag == null ? null : flag.toUpperCase(java.util.Locale.ROOT)));
        }
    }
}
