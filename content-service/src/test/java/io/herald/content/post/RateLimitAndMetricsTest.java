package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static io.herald.content.support.Posts.facebook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.config.ContentConfig;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class RateLimitAndMetricsTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  ContentConfig config;

  @Test
  void writesBeyondTheTenantsBucketAre429WithRetryAfterAndRateLimitHeadersWhileOtherTenantsWrite() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    int capacity = config.rateLimit().capacity();
    int created = 0;
    io.restassured.response.ExtractableResponse<io.restassured.response.Response> refused = null;
    for (int i = 0; i < capacity * 3 && refused == null; i++) {
      var answer = create(editor, facebook(account)).extract();
      if (answer.statusCode() == 201) {
        created++;
      } else {
        refused = answer;
      }
    }
    assertThat(refused).as("a write beyond the bucket").isNotNull();
    assertThat(created).as("writes accepted before the first refusal").isGreaterThanOrEqualTo(capacity);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    assertThat(refused.header("RateLimit-Limit")).isEqualTo(Integer.toString(capacity));
    assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isPositive();
    // a validation takes from the same bucket (it costs a create's checks); reads are not limited
    boolean validationRefused = false;
    for (int i = 0; i < capacity * 3 && !validationRefused; i++) {
      validationRefused = as(editor).body(facebook(account)).post("/api/v1/posts:validate").statusCode() == 429;
    }
    assertThat(validationRefused).as("validations beyond the bucket are refused too").isTrue();
    as(editor).get("/api/v1/posts").then().statusCode(200);
    // another tenant's bucket is its own
    UUID other = UUID.randomUUID();
    create(TestJwt.token(other, Roles.EDITOR), facebook(AuthServiceMock.active(other, Platform.FACEBOOK)))
        .statusCode(201);
  }

  @Test
  void domainMetricsArePublished() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    create(editor, facebook(account).replace("\"targets\"", "\"priority\":\"LOW\",\"targets\"")).statusCode(201);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("herald_posts_created_total{priority=\"LOW\"")
        .contains("herald_outbox_backlog")
        .contains("herald_outbox_relayed_total")
        .contains("cache_gets_total{cache=\"accounts\"")
        .contains("herald_cache_redis_operations_total")
        .contains("http_server_requests_seconds_count");
  }
}
