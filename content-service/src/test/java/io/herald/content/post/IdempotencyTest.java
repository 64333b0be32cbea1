package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.facebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Concurrently;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class IdempotencyTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Test
  void theSameKeyAndBodyReplaysTheFirstResponse() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String key = UUID.randomUUID().toString();
    var first = post(key, facebook(account));
    var again = post(key, facebook(account));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body().asString()).isEqualTo(first.body().asString());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    as(editor).queryParam("account", account.toString()).get("/api/v1/posts").then()
        .body("items.size()", equalTo(1));
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String key = UUID.randomUUID().toString();
    post(key, facebook(account));
    var other = post(key, facebook(account).replace("Launch day!", "Something else"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.<String>path("type")).endsWith("/idempotency-key-reused");
  }

  @Test
  void keysAreScopedPerTenant() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID otherTenant = UUID.randomUUID();
    UUID otherAccount = AuthServiceMock.active(otherTenant, Platform.FACEBOOK);
    String key = UUID.randomUUID().toString();
    String mine = post(key, facebook(account)).path("id");
    var theirs = as(TestJwt.token(otherTenant, Roles.EDITOR)).header("Idempotency-Key", key)
        .body(facebook(otherAccount)).post("/api/v1/posts").then().statusCode(201).extract();
    assertThat(theirs.<String>path("id")).isNotEqualTo(mine);
  }

  @Test
  void twoConcurrentRequestsWithOneKeyCreateOnePost() throws Exception {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    for (int round = 0; round < 3; round++) {
      String key = UUID.randomUUID().toString();
      var answers = Concurrently.atOnce(2, () -> post(key, facebook(account)));
      assertThat(answers).extracting(ExtractableResponse::statusCode).containsOnly(201);
      assertThat(answers.get(0).<String>path("id")).isEqualTo(answers.get(1).<String>path("id"));
    }
    as(editor).queryParam("account", account.toString()).get("/api/v1/posts").then().body("items.size()", equalTo(3));
  }

  private ExtractableResponse<Response> post(String key, String body) {
    return as(editor).header("Idempotency-Key", key).body(body).post("/api/v1/posts").then().extract();
  }
}
