package ai.synapses.transcribe.api;

import ai.synapses.transcribe.audit.InvariantCheck;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain SQL on the real database, to check what a request left behind. */
@ApplicationScoped
public class Database {

    private final AgroalDataSource dataSource;

    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String sql, Object... params) {
        return number(sql, params);
    }

    public long number(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A change made as another instance of the service would make it, behind this one's back. */
    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the operator's invariant check on the whole database, prints its report, and fails the test on any violation. */
    public InvariantCheck.Report assertInvariantsHold() {
        try (Connection c = dataSource.getConnection()) {
            InvariantCheck.Report report = InvariantCheck.run(c);
            report.print(System.out);
            if (!report.holds()) {
                throw new AssertionError("invariants violated: " + report.violations());
            }
            return report;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long balance(String orgId) {
        return number("select balance from organizations where id = ?", orgId);
    }

    public long ledgerSum(String orgId) {
        return number("select coalesce(sum(amount), 0) from ledger_entries where organization_id = ?", orgId);
    }

    public long transcriptions(String orgId) {
        return count("select count(*) from transcriptions where organization_id = ?", orgId);
    }
}
