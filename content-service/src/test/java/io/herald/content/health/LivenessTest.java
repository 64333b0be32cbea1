package io.herald.content.health;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class LivenessTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  DataSource dataSource;
  @Inject
  RedisDataSource redis;

  @Test
  void aLoopStuckPastTheBoundMakesLivenessDownAndItRecoversWhenItMovesAgain() throws Exception {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    UUID targetId = UUID.fromString(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id"));
    given().get("/q/health/live").then().statusCode(200);

    // another session holds the target's row lock: the results consumer blocks on it while applying a result
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (var lock = connection.prepareStatement("select id from content.post_targets where id = ? for update")) {
        lock.setObject(1, targetId);
        lock.executeQuery();
      }
      Streams.sendResult(redis, ResultMessage.published(targetId, 1, "9_9", "https://facebook.com/9_9", Instant.now()));

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(503)
          .body("checks[0].name", equalTo("background-loops")));
      given().get("/q/health/ready").then().statusCode(200);
      connection.rollback();
    }

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(200));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "PUBLISHED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
  }

  @Test
  void startupAndReadinessReportTheirData() throws IOException {
    given().get("/q/health/started").then().statusCode(200)
        .body("checks.find { it.name == 'migrations' }.data.version", equalTo(latestMigration()));
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'hand-off' }.data.outboxBacklog", greaterThanOrEqualTo(0))
        .body("checks.find { it.name == 'hand-off' }.data.resultsPending", greaterThanOrEqualTo(0))
        .body("checks.find { it.name == 'hand-off' }.data.resultsLag", greaterThanOrEqualTo(0));
  }

  /** The version of the newest migration this build ships (V{n}__name.sql). */
  private static String latestMigration() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return Integer.toString(files.map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .max().orElseThrow());
    }
  }
}
