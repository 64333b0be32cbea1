package io.herald.content.post;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.herald.common.security.Roles;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.Platform;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class AccountCacheTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  RedisDataSource redis;

  @Test
  void aCachedAccountKeepsPostsFlowingWhileAuthServiceIsDown() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    create(editor, facebook(account)).statusCode(201);
    create(editor, facebook(account)).statusCode(201);
    assertThat(lookups(account)).as("the second post is checked from the cache").isEqualTo(1);

    AuthServiceMock.unreachable(account);
    create(editor, facebook(account)).statusCode(201);
  }

  @Test
  void aNeedsReauthResultEvictsTheCachedAccountSoTheNextPostIsRefused() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String postId = createId(editor, facebook(account));
    // auth-service now knows the account needs a reconnect, but our cache still says ACTIVE
    AuthServiceMock.account(account, tenant, Platform.FACEBOOK, "NEEDS_REAUTH");
    create(editor, facebook(account)).statusCode(201);

    await().atMost(Duration.ofSeconds(10)).until(() ->
        "QUEUED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));
    UUID targetId = UUID.fromString(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].id"));
    Streams.sendResult(redis, ResultMessage.failure(targetId, 1, ResultOutcome.NEEDS_REAUTH, "facebook:190/463",
        "token expired", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "FAILED".equals(as(editor).get("/api/v1/posts/" + postId).then().extract().path("targets[0].status")));

    create(editor, facebook(account)).statusCode(422).body("type", endsWith("/account-needs-reauth"));
  }

  @Test
  void aDisconnectAnnouncedByAuthServiceIsRefusedAtOnceThoughTheAccountWasCached() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    create(editor, facebook(account)).statusCode(201);
    AuthServiceMock.account(account, tenant, Platform.FACEBOOK, "DISCONNECTED");
    create(editor, facebook(account)).statusCode(201);
    assertThat(lookups(account)).as("the cache answered for the account").isEqualTo(1);

    redis.stream(String.class).xadd(StreamKeys.ACCOUNTS,
        new AccountEvent(account, tenant, AccountEvent.Status.DISCONNECTED, Instant.now()).toFields());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> create(editor, facebook(account)).statusCode(422)
        .body("errors[0].message", containsString("DISCONNECTED")));
  }

  @Test
  void anIdAuthServiceDoesNotKnowIsAskedOnceNotOnEveryRequest() {
    UUID stranger = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      create(editor, facebook(stranger)).statusCode(422);
      as(editor).body(facebook(stranger)).post("/api/v1/posts:validate").then().statusCode(422);
    }
    assertThat(lookups(stranger)).isEqualTo(1);
  }

  private int lookups(UUID account) {
    return AuthServiceMock.server()
        .findAll(getRequestedFor(urlEqualTo("/internal/v1/social-accounts/" + account))).size();
  }
}
