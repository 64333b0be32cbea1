package io.herald.content.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.herald.common.security.Roles;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.config.ContentConfig;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * auth-service's account events ({@code herald:accounts}) become tenant webhooks once per account change, whichever
 * replica reads them and however often an entry is delivered, and never twice for a change a publish result already
 * announced.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class AccountWebhooksTest {
  final UUID tenant = UUID.randomUUID();
  final UUID otherTenant = UUID.randomUUID();
  final String owner = TestJwt.token(tenant, Roles.OWNER);
  final String otherOwner = TestJwt.token(otherTenant, Roles.OWNER);

  @Inject
  RedisDataSource redis;
  @Inject
  AccountWebhooks webhooks;
  @Inject
  ContentConfig config;

  WireMockServer receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
    receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
    receiver.stubFor(post(urlEqualTo("/other")).willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop();
  }

  @Test
  void anAccountEventIsDeliveredOnceToItsTenantAlsoWhenReadByTwoConsumersAndRedelivered() {
    String hook = register(owner, "/hook", "account.needs_reauth", "account.disconnected");
    String otherHook = register(otherOwner, "/other", "account.needs_reauth", "account.disconnected");
    UUID account = UUID.randomUUID();
    String before = lastEntryId();

    String entry = announce(new AccountEvent(account, tenant, AccountEvent.Status.NEEDS_REAUTH, now()));
    var second = new AccountEventsConsumer(redis, webhooks, config);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      second.round();
      assertThat(requests("/hook")).isEqualTo(1);
    });
    var body = new JsonPath(receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getBodyAsString());
    assertThat(body.getString("type")).isEqualTo("account.needs_reauth");
    assertThat(body.getString("data.socialAccountId")).isEqualTo(account.toString());
    assertThat(body.getString("data.status")).isEqualTo("NEEDS_REAUTH");

    // The group reads the entry again, as after a replica stopped before its XACK; an event older than the
    // maximum age is not announced; then a marker for the other tenant, read after both.
    redis.execute("XGROUP", "SETID", StreamKeys.ACCOUNTS, StreamKeys.CONTENT_WEBHOOKS_GROUP, before);
    assertThat(redis.stream(String.class).xrange(StreamKeys.ACCOUNTS, StreamRange.of(entry, entry))).hasSize(1);
    announce(new AccountEvent(UUID.randomUUID(), tenant, AccountEvent.Status.DISCONNECTED,
        now().minus(config.webhooks().accountEventMaxAge()).minusSeconds(60)));
    UUID otherAccount = UUID.randomUUID();
    announce(new AccountEvent(otherAccount, otherTenant, AccountEvent.Status.DISCONNECTED, now()));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      second.round();
      assertThat(requests("/other")).isEqualTo(1);
      // Whichever consumer took the re-read entry has acknowledged it, so its transaction is over.
      assertThat(redis.stream(String.class).xpending(StreamKeys.ACCOUNTS, StreamKeys.CONTENT_WEBHOOKS_GROUP)
          .getPendingCount()).isZero();
    });

    assertThat(requests("/hook")).isEqualTo(1);
    as(owner).get("/api/v1/webhooks/" + hook + "/deliveries").then().body("", hasSize(1))
        .body("[0].event", equalTo("account.needs_reauth"));
    as(otherOwner).get("/api/v1/webhooks/" + otherHook + "/deliveries").then().body("", hasSize(1))
        .body("[0].event", equalTo("account.disconnected"));
    var other = new JsonPath(receiver.findAll(postRequestedFor(urlEqualTo("/other"))).get(0).getBodyAsString());
    assertThat(other.getString("data.socialAccountId")).isEqualTo(otherAccount.toString());
  }

  @Test
  void theEventOfAChangeAPublishResultAnnouncedIsNotAnnouncedAgain() {
    String hook = register(owner, "/hook", "account.needs_reauth");
    register(otherOwner, "/other", "account.disconnected");
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String editor = TestJwt.token(tenant, Roles.EDITOR);
    String postId = createId(editor, facebook(account));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    UUID targetId = UUID.fromString(as(editor).get("/api/v1/posts/" + postId).then().extract()
        .path("targets[0].id"));

    // As a worker does: it reports the account to auth-service (which writes the event), then writes its result.
    Instant changed = now();
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.NEEDS_REAUTH, "facebook:190/460",
        "password changed", changed.plusMillis(300)));
    await().atMost(Duration.ofSeconds(15)).until(() -> requests("/hook") == 1);
    assertThat(new JsonPath(receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getBodyAsString())
        .getString("data.postId")).isEqualTo(postId);
    announce(new AccountEvent(account, tenant, AccountEvent.Status.NEEDS_REAUTH, changed));
    announce(new AccountEvent(UUID.randomUUID(), otherTenant, AccountEvent.Status.DISCONNECTED, now()));
    await().atMost(Duration.ofSeconds(15)).until(() -> requests("/other") == 1);

    assertThat(requests("/hook")).isEqualTo(1);
    as(owner).get("/api/v1/webhooks/" + hook + "/deliveries").then().body("", hasSize(1));
  }

  @Test
  void twoReplicasHandlingTheSameEventAtOnceRecordItOnce() throws Exception {
    String hook = register(owner, "/hook", "account.needs_reauth");
    var change = new AccountEvent(UUID.randomUUID(), tenant, AccountEvent.Status.NEEDS_REAUTH, now());
    var start = new CyclicBarrier(2);
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      List<CompletableFuture<Boolean>> both = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return webhooks.announce(change);
      }, replicas)).toList();
      assertThat(both.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(true, false);
    } finally {
      replicas.shutdownNow();
    }
    assertThat(webhooks.announce(change)).isFalse();
    as(owner).get("/api/v1/webhooks/" + hook + "/deliveries").then().body("", hasSize(1));
  }

  /** Writes the event as auth-service's {@code AccountEvents} does; answers its entry id. */
  private String announce(AccountEvent event) {
    return redis.stream(String.class).xadd(StreamKeys.ACCOUNTS,
        new XAddArgs().maxlen(StreamKeys.ACCOUNTS_KEPT).nearlyExactTrimming(), event.toFields());
  }

  private String lastEntryId() {
    var last = redis.stream(String.class).xrevrange(StreamKeys.ACCOUNTS, StreamRange.of("+", "-"), 1);
    return last.isEmpty() ? "0-0" : last.get(0).id();
  }

  private String register(String token, String path, String... events) {
    return as(token).body("{\"url\":\"http://127.0.0.1:" + receiver.port() + path + "\",\"events\":[\""
            + String.join("\",\"", events) + "\"]}")
        .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
  }

  private int requests(String path) {
    return receiver.findAll(postRequestedFor(urlEqualTo(path))).size();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
