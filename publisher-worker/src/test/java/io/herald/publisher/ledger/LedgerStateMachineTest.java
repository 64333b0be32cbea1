package io.herald.publisher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.PlatformFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's allowed moves are named once in {@link LedgerState}, and the database refuses every other move too:
 * for each pair of states, a plain SQL update succeeds exactly when the code's table allows it.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class LedgerStateMachineTest {
  @Inject
  AgroalDataSource dataSource;

  @Test
  void theDatabaseAllowsExactlyTheMovesTheCodeNames() throws SQLException {
    for (LedgerState from : LedgerState.values()) {
      for (LedgerState to : LedgerState.values()) {
        boolean expected = from == to || from.next().contains(to);
        assertThat(databaseAllows(from, to)).as(from + " -> " + to).isEqualTo(expected);
      }
    }
  }

  @Test
  void aSentTargetNeverBecomesAnythingElse() {
    assertThat(LedgerState.SENT.next()).isEmpty();
    assertThat(LedgerState.into(LedgerState.READY)).doesNotContain(LedgerState.SENT)
        .contains(LedgerState.SENDING, LedgerState.FAILED, LedgerState.UNKNOWN);
  }

  private boolean databaseAllows(LedgerState from, LedgerState to) throws SQLException {
    UUID target = UUID.randomUUID();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("insert into publish_ledger (target_id, tenant_id, post_id,"
          + " platform, social_account_id, state, job_attempt) values (?, ?, ?, 'FACEBOOK', ?, ?, 1)")) {
        insert.setObject(1, target);
        insert.setObject(2, UUID.randomUUID());
        insert.setObject(3, UUID.randomUUID());
        insert.setObject(4, UUID.randomUUID());
        insert.setString(5, from.name());
        insert.executeUpdate();
      }
      try (PreparedStatement move = c.prepareStatement("update publish_ledger set state = ? where target_id = ?")) {
        move.setString(1, to.name());
        move.setObject(2, target);
        move.executeUpdate();
        return true;
      } catch (SQLException e) {
        assertThat(e.getMessage()).contains("not an allowed transition");
        return false;
      } finally {
        c.rollback();
      }
    }
  }
}
