package io.primesync.agent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The start-up check: every mapped column must be in {@code INFORMATION_SCHEMA.COLUMNS} (names compared without case,
 * as SQL Server's default collation does). A missing one stops the agent with a message naming each, rather than a
 * poll failing on the first.
 */
public final class SchemaCheck {
    private SchemaCheck() {}

    /** Each mapped {@code TABLE.COLUMN} the database does not have, in the mapping's order. */
    public static List<String> missing(Connection db, Mapping mapping) throws SQLException {
        Set<String> have = new HashSet<>();
        Map<String, List<String>> wanted = mapping.columns();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE UPPER(TABLE_NAME) = ?")) {
            for (String table : wanted.keySet()) {
                q.setString(1, table.toUpperCase(Locale.ROOT));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        have.add(key(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        wanted.forEach((table, columns) -> columns.forEach(column -> {
            if (!have.contains(key(table, column))) {
                missing.add(table + "." + column);
            }
        }));
        return missing;
    }

    /** Stops with a message naming every missing column, and how to fix the mapping. */
    public static void require(Connection db, Mapping mapping) throws SQLException {
        List<String> missing = missing(db, mapping);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Spectrum's database has no column " + String.join(", ", missing)
                    + ". Find each one's name on site (SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS)"
                    + " and set it in the agent's mapping file; check that the Info-Link login may read those tables.");
        }
    }

    private static String key(String table, String column) {
        return table.toUpperCase(Locale.ROOT) + "." + column.toUpperCase(Locale.ROOT);
    }
}
