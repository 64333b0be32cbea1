package io.herald.publisher.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.JobMessage;
import io.herald.common.stream.ResultMessage;
import io.herald.common.stream.ResultOutcome;
import io.herald.common.stream.StreamKeys;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.herald.publisher.support.Worker;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A Page a user disconnects stops publishing from a worker that cached its token, and its targets say why. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class AccountRevocationTest {
  @Inject
  Worker worker;

  @Inject
  RedisDataSource redis;

  @Inject
  @CacheName("credentials")
  Cache cache;

  @Test
  void aDisconnectReachesEveryCachedTokenAndTheNextTargetFailsWithThatReason() {
    Account account = Account.facebook();
    Worker.credentialsFor(account);
    String graph = "/v21.0/" + account.externalId();
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(graph + "/feed")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + account.externalId() + "_7\"}")));
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo("/v21.0/" + account.externalId() + "_7"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"success\":true}")));
    JobMessage before = Jobs.job(account, Jobs.link("Before the disconnect", "https://example.com/a"));
    worker.enqueue(before);
    worker.awaitOutcome(before.targetId(), ResultOutcome.PUBLISHED);

    // auth-service: the account is disconnected (its credentials answer 409), and it says so on the stream.
    PlatformFakes.wireMock().stubFor(get(urlPathEqualTo(
        "/internal/v1/social-accounts/" + account.id() + "/credentials")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/problem+json").withBody("""
            {"type":"https://herald.dev/problems/account-disconnected","title":"Conflict","status":409,
             "detail":"The account was disconnected by a user of its tenant"}""")));
    redis.stream(String.class).xadd(StreamKeys.ACCOUNTS,
        new AccountEvent(account.id(), account.tenantId(), AccountEvent.Status.DISCONNECTED, Instant.now())
            .toFields());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !cache.as(CaffeineCache.class).keySet().contains(account.id()));
    JobMessage after = Jobs.job(account, Jobs.link("After the disconnect", "https://example.com/b"));
    worker.enqueue(after);

    ResultMessage failed = worker.awaitOutcome(after.targetId(), ResultOutcome.FAILED);
    assertThat(failed.errorCode()).isEqualTo("account_disconnected");
    assertThat(failed.errorMessage()).contains("disconnected");
    PlatformFakes.wireMock().verify(1, postRequestedFor(urlPathEqualTo(graph + "/feed")));
  }
}
