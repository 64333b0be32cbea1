package io.herald.auth.social;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.herald.auth.client.ServiceClient;
import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.auth.support.Platforms;
import io.herald.auth.support.ServiceTokens;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import java.sql.SQLException;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** TikTok tokens are refreshed before they expire, once per account even with concurrent runners. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class TokenRefreshTest {
  @Inject
  DataSource db;
  @Inject
  ServiceClient serviceClient;
  @Inject
  TokenRefreshJob job;

  @Test
  void twoConcurrentRunnersRefreshADueTokenExactlyOnce() throws Exception {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String refresh = "rft.first-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.first", refresh);
    String newAccess = "act.second-" + UUID.randomUUID();
    Platforms.stubTikTokRefresh(refresh, openId, newAccess, "rft.second-" + UUID.randomUUID(), 1500);
    makeDue(id);

    var start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(2)) {
      var first = CompletableFuture.supplyAsync(() -> await(start, job::runOnce), pool);
      var second = CompletableFuture.supplyAsync(() -> await(start, job::runOnce), pool);
      start.countDown();
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
    }

    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("refresh_token", WireMock.equalTo(refresh)));
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(200)
        .body("accessToken", equalTo(newAccess));

    // Now fresh: another pass does not call TikTok again.
    job.runOnce();
    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("refresh_token", WireMock.equalTo(refresh)));
    Api.as(owner).get("/api/v1/audit-events?type=TOKEN_REFRESHED").then().body("items.size()", equalTo(1));
  }

  @Test
  void theRotatedRefreshTokenIsTheOneUsedNextTime() throws SQLException {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String first = "rft.1-" + UUID.randomUUID();
    String second = "rft.2-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.1", first);
    Platforms.stubTikTokRefresh(first, openId, "act.2", second, 0);
    Platforms.stubTikTokRefresh(second, openId, "act.3", "rft.3-" + UUID.randomUUID(), 0);
    makeDue(id);
    job.runOnce();
    makeDue(id);
    job.runOnce();
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then()
        .body("accessToken", equalTo("act.3"));
  }

  @Test
  void invalidGrantOnRefreshMarksTheAccountNeedsReauth() throws SQLException {
    var owner = Api.signup();
    String refresh = "rft.dead-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), "act.dead", refresh);
    Platforms.stubTikTokRefreshInvalidGrant(refresh);
    makeDue(id);

    job.runOnce();

    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("NEEDS_REAUTH"));
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(409)
        .body("type", endsWith("/needs-reauth"));
    Api.as(owner).get("/api/v1/audit-events?type=ACCOUNT_NEEDS_REAUTH").then().body("items.size()", equalTo(1));
  }

  @Test
  void credentialsRefreshADueTokenBeforeHandingItOut() throws SQLException {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String refresh = "rft.due-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.old", refresh);
    Platforms.stubTikTokRefresh(refresh, openId, "act.new", "rft.new-" + UUID.randomUUID(), 0);
    makeDue(id);
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then().statusCode(200)
        .body("accessToken", equalTo("act.new"));
  }

  @Test
  void forcedRefreshWithInvalidGrantAnswersNeedsReauth() {
    var owner = Api.signup();
    String refresh = "rft.revoked-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, "open-" + UUID.randomUUID(), "act.revoked", refresh);
    Platforms.stubTikTokRefreshInvalidGrant(refresh);
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    // Right after connecting a forced refresh is debounced; make the token look older.
    ageToken(id);
    Api.as(service).post("/internal/v1/social-accounts/" + id + "/refresh").then().statusCode(409)
        .contentType("application/problem+json").body("type", endsWith("/needs-reauth"));
    Api.as(owner).get("/api/v1/social-accounts/" + id).then().body("status", equalTo("NEEDS_REAUTH"));
  }

  @Test
  void forcedRefreshAnswersTheNewToken() {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String refresh = "rft.force-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.invalid", refresh);
    Platforms.stubTikTokRefresh(refresh, openId, "act.forced", "rft.after-" + UUID.randomUUID(), 0);
    ageToken(id);
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).post("/internal/v1/social-accounts/" + id + "/refresh").then().statusCode(200)
        .body("accessToken", equalTo("act.forced"));
    // A second worker that saw the same invalid token moments later does not refresh again.
    Api.as(service).post("/internal/v1/social-accounts/" + id + "/refresh").then().statusCode(200)
        .body("accessToken", equalTo("act.forced"));
    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("refresh_token", WireMock.equalTo(refresh)));
  }

  @Test
  void aRefreshHoldsNeitherARowLockNorAConnectionWhileTikTokAnswers() throws Exception {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String refresh = "rft.slow-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.slow", refresh);
    Platforms.stubTikTokRefresh(refresh, openId, "act.after-slow", "rft.after-slow-" + UUID.randomUUID(), 3000);
    makeDue(id);
    try (var pool = Executors.newSingleThreadExecutor()) {
      var running = CompletableFuture.supplyAsync(job::runOnce, pool);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !PlatformFake.server().findAll(
          postRequestedFor(urlPathEqualTo("/v2/oauth/token/")).withFormParam("refresh_token", WireMock.equalTo(refresh)))
          .isEmpty());
      // While TikTok is thinking: no pooled connection is in use, and the row can be locked at once.
      assertThat(((AgroalDataSource) db).getMetrics().activeCount()).isZero();
      try (var connection = db.getConnection(); var lock = connection.prepareStatement(
          "SELECT id FROM social_accounts WHERE id = ? FOR UPDATE NOWAIT")) {
        connection.setAutoCommit(false);
        lock.setObject(1, UUID.fromString(id));
        assertThat(lock.executeQuery().next()).isTrue();
        connection.rollback();
      }
      assertThat(running.get(30, TimeUnit.SECONDS)).containsEntry(TokenRefresher.Outcome.REFRESHED, 1);
    }
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then()
        .body("accessToken", equalTo("act.after-slow"));
  }

  @Test
  void aFailedCommitDoesNotLoseTheRotatedRefreshToken() throws SQLException {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String first = "rft.c1-" + UUID.randomUUID();
    String rotated = "rft.c2-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.c1", first);
    Platforms.stubTikTokRefresh(first, openId, "act.c2", rotated, 0);
    Platforms.stubTikTokRefresh(rotated, openId, "act.c3", "rft.c3-" + UUID.randomUUID(), 0);
    String name = "test_fail_" + UUID.randomUUID().toString().replace("-", "");
    // The first write of a new refresh token to this row fails, as a commit can (a sequence is not rolled back).
    execute("CREATE SEQUENCE " + name);
    execute("CREATE FUNCTION " + name + "() RETURNS trigger AS $$ BEGIN IF NEW.refresh_token IS DISTINCT FROM "
        + "OLD.refresh_token AND nextval('" + name + "') = 1 THEN RAISE EXCEPTION 'injected commit failure'; "
        + "END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
    execute("CREATE TRIGGER " + name + " BEFORE UPDATE ON social_accounts FOR EACH ROW WHEN (OLD.id = '" + id
        + "') EXECUTE FUNCTION " + name + "()");
    try {
      makeDue(id);
      assertThat(job.runOnce()).containsEntry(TokenRefresher.Outcome.REFRESHED, 1);
    } finally {
      execute("DROP TRIGGER " + name + " ON social_accounts");
      execute("DROP FUNCTION " + name + "()");
      execute("DROP SEQUENCE " + name);
    }
    // TikTok was asked once, and the pair it rotated to is the one Herald uses next.
    PlatformFake.server().verify(1, postRequestedFor(urlPathEqualTo("/v2/oauth/token/"))
        .withFormParam("refresh_token", WireMock.equalTo(first)));
    makeDue(id);
    job.runOnce();
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then()
        .body("accessToken", equalTo("act.c3"));
  }

  @Test
  void aReconnectDuringARefreshWinsAndItsTokensAreUsed() throws Exception {
    var owner = Api.signup();
    String openId = "open-" + UUID.randomUUID();
    String refresh = "rft.race-" + UUID.randomUUID();
    String id = Platforms.connectTikTok(owner, openId, "act.race", refresh);
    Platforms.stubTikTokRefresh(refresh, openId, "act.loser", "rft.loser-" + UUID.randomUUID(), 2000);
    makeDue(id);
    try (var pool = Executors.newSingleThreadExecutor()) {
      var running = CompletableFuture.supplyAsync(job::runOnce, pool);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !PlatformFake.server().findAll(
          postRequestedFor(urlPathEqualTo("/v2/oauth/token/")).withFormParam("refresh_token", WireMock.equalTo(refresh)))
          .isEmpty());
      assertThat(Platforms.connectTikTok(owner, openId, "act.winner", "rft.winner-" + UUID.randomUUID())).isEqualTo(id);
      running.get(30, TimeUnit.SECONDS);
    }
    String service = ServiceTokens.obtain(serviceClient.clientId(), serviceClient.secret());
    Api.as(service).get("/internal/v1/social-accounts/" + id + "/credentials").then()
        .body("accessToken", equalTo("act.winner"));
  }

  private void execute(String sql) throws SQLException {
    try (var connection = db.getConnection(); var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Moves the account's refresh time into the past, as if 80 % of the token's life had gone by. */
  private void makeDue(String id) throws SQLException {
    update("UPDATE social_accounts SET refresh_due_at = now() - interval '1 second' WHERE id = ?", id);
  }

  private void ageToken(String id) {
    try {
      update("UPDATE social_accounts SET access_issued_at = now() - interval '1 hour' WHERE id = ?", id);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void update(String sql, String id) throws SQLException {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      statement.setObject(1, UUID.fromString(id));
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private static <T> T await(CountDownLatch start, java.util.function.Supplier<T> work) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return work.get();
  }
}
