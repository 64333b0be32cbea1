package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebookAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.db.DataAccessException;
import io.herald.common.db.Sql;
import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The target state machine as the schema enforces it, and the SQL twins of the code's rules. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class TargetMoveTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  Sql sql;

  @Test
  void theSchemaRefusesAStatusChangeOutsideTheMovesWhoeverWritesIt() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebookAt(account, Instant.now().plus(1, ChronoUnit.DAYS).toString()));
    UUID targetId = UUID.fromString(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id"));

    assertThatThrownBy(() -> sql.update("update post_targets set status = 'PUBLISHED' where id = ?", targetId))
        .isInstanceOf(DataAccessException.class).hasMessageContaining("SCHEDULED -> PUBLISHED");
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("SCHEDULED"));

    assertThat(sql.update("update post_targets set status = 'CANCELLED' where id = ?", targetId)).isEqualTo(1);
    assertThatThrownBy(() -> sql.update("update post_targets set status = 'SCHEDULED' where id = ?", targetId))
        .isInstanceOf(DataAccessException.class).hasMessageContaining("CANCELLED -> SCHEDULED");
    as(editor).get("/api/v1/posts/" + postId).then().body("targets[0].status", equalTo("CANCELLED"));
  }

  @Test
  void theSchemaAndTheCodeNameTheSameMoves() {
    for (TargetStatus from : TargetStatus.values()) {
      for (TargetStatus to : TargetStatus.values()) {
        boolean inSchema = sql.one("select target_move_allowed(?, ?)", rs -> rs.getBoolean(1), from, to).orElseThrow();
        assertThat(inSchema).as("%s -> %s", from, to).isEqualTo(TargetMove.allows(from, to));
      }
    }
    assertThat(TargetMove.allows(TargetStatus.PUBLISHED, TargetStatus.FAILED)).isFalse();
    assertThat(TargetMove.allows(TargetStatus.UNKNOWN_OUTCOME, TargetStatus.QUEUED)).isTrue();
  }

  @Test
  void thePostStatusFilterDerivesLikeTheCode() {
    for (TargetStatus first : TargetStatus.values()) {
      for (TargetStatus second : TargetStatus.values()) {
        String inSql = sql.one("select " + PostStatus.SQL_EXPRESSION + " from (values (?), (?)) t (status)",
            rs -> rs.getString(1), first, second).orElseThrow();
        assertThat(inSql).as("%s + %s", first, second)
            .isEqualTo(PostStatus.derive(List.of(first, second)).name());
      }
    }
  }
}
