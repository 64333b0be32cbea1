package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.facebook;
import static io.herald.content.support.Posts.tiktokVideo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.herald.common.db.Sql;
import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.account.AccountsClient;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/posts:batch}: many posts in one request, each checked and idempotent on its own. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class BatchCreateTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  Sql sql;
  @Inject
  AccountsClient accounts;

  @Test
  void eachPostIsCreatedOrRefusedInItsPlaceAsASingleCreateWouldAnswerIt() {
    UUID facebook = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID tiktok = AuthServiceMock.active(tenant, Platform.TIKTOK);
    var answer = batch(editor, facebook(facebook),
        "{\"link\":\"https://example.com\",\"targets\":[{\"socialAccountId\":\"" + facebook + "\"}]}",
        tiktokVideo(tiktok),
        facebook(UUID.randomUUID()),
        facebook(facebook).replace("\"targets\"", "\"priority\":\"URGENT\",\"targets\""),
        "42",
        twoTargets(facebook, tiktok).replace("Launch day!", "Two targets"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.<List<Integer>>path("items.status")).containsExactly(201, 422, 201, 422, 400, 400, 422);
    assertThat(answer.<String>path("items[0].post.status")).isEqualTo("SCHEDULED");
    assertThat(answer.<String>path("items[0].post.targets[0].socialAccountId")).isEqualTo(facebook.toString());
    assertThat(answer.<Object>path("items[0].replayed")).isNull();
    assertThat(answer.<String>path("items[1].problem.type")).endsWith("/validation");
    assertThat(answer.<String>path("items[1].problem.errors[0].field")).isEqualTo("text");
    assertThat(answer.<String>path("items[2].post.targets[0].platform")).isEqualTo("TIKTOK");
    assertThat(answer.<String>path("items[3].problem.errors[0].field")).isEqualTo("targets[0].socialAccountId");
    assertThat(answer.<String>path("items[4].problem.type")).endsWith("/malformed-request");
    assertThat(answer.<String>path("items[4].problem.errors[0].field")).isEqualTo("priority");
    assertThat(answer.<String>path("items[4].problem.instance")).isEqualTo("/api/v1/posts:batch");
    // a TikTok target needs a video: the whole post is refused, neither of its targets is written
    assertThat(answer.<List<String>>path("items[6].problem.errors.field")).contains("media");

    for (int i : List.of(0, 2)) {
      as(editor).get("/api/v1/posts/" + answer.path("items[" + i + "].post.id")).then().statusCode(200)
          .body("targets", hasSize(1));
    }
    assertThat(sql.count("select count(*) from posts where tenant_id = ?", tenant)).isEqualTo(2);
  }

  @Test
  void aPostWithManyTargetsIsWrittenWhole() {
    UUID facebook = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID other = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    var answer = batch(editor, twoTargets(facebook, other), facebook(facebook));
    assertThat(answer.<List<Integer>>path("items.status")).containsExactly(201, 201);
    as(editor).get("/api/v1/posts/" + answer.path("items[0].post.id")).then()
        .body("targets.socialAccountId", equalTo(List.of(facebook.toString(), other.toString())));
  }

  @Test
  void eachPostIsIdempotentOnItsOwnAcrossRequestsAndEndpoints() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String first = withKey(facebook(account), "k1");
    String second = withKey(facebook(account).replace("Launch day!", "Day two"), "k2");
    var created = batch(editor, first, second);
    assertThat(created.<List<Integer>>path("items.status")).containsExactly(201, 201);

    var again = batch(editor, first, second, withKey(facebook(account).replace("Launch day!", "Other"), "k1"));
    assertThat(again.<List<Integer>>path("items.status")).containsExactly(201, 201, 422);
    assertThat(again.<List<Boolean>>path("items.replayed")).containsExactly(true, true, null);
    assertThat(again.<String>path("items[0].post.id")).isEqualTo(created.path("items[0].post.id"));
    assertThat(again.<String>path("items[1].post.id")).isEqualTo(created.path("items[1].post.id"));
    assertThat(again.<String>path("items[2].problem.type")).endsWith("/idempotency-key-reused");

    // a single create with the same key and post replays the batch's post (keys are one space per tenant)
    as(editor).header("Idempotency-Key", "k2").body(facebook(account).replace("Launch day!", "Day two"))
        .post("/api/v1/posts").then().statusCode(201).header("Idempotent-Replayed", "true")
        .body("id", equalTo(created.path("items[1].post.id")));
    assertThat(sql.count("select count(*) from posts where tenant_id = ?", tenant)).isEqualTo(2);
  }

  @Test
  void aKeyRepeatedWithinOneBatchActsAsIfThePostsCameOneByOne() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String post = withKey(facebook(account), "same");
    var answer = batch(editor, "{\"targets\":[],\"idempotencyKey\":\"same\"}", post, post,
        withKey(facebook(account).replace("Launch day!", "Other"), "same"));
    assertThat(answer.<List<Integer>>path("items.status")).containsExactly(422, 201, 201, 422);
    assertThat(answer.<List<Boolean>>path("items.replayed")).containsExactly(null, null, true, null);
    assertThat(answer.<String>path("items[2].post.id")).isEqualTo(answer.path("items[1].post.id"));
    assertThat(answer.<String>path("items[3].problem.type")).endsWith("/idempotency-key-reused");
    assertThat(sql.count("select count(*) from posts where tenant_id = ?", tenant)).isEqualTo(1);
  }

  @Test
  void aKeyedPostThatWouldNowBeRefusedReplaysItsFirstAnswer() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String post = withKey(facebook(account), "before-reauth");
    String id = batch(editor, post).path("items[0].post.id");
    // the account needs a reconnect now: a new post is refused, the replay still answers the first response
    AuthServiceMock.account(account, tenant, Platform.FACEBOOK, "NEEDS_REAUTH");
    accounts.invalidate(account);
    var answer = batch(editor, post, withKey(facebook(account).replace("Launch day!", "New"), "after-reauth"));
    assertThat(answer.<List<Integer>>path("items.status")).containsExactly(201, 422);
    assertThat(answer.<String>path("items[0].post.id")).isEqualTo(id);
    assertThat(answer.<Boolean>path("items[0].replayed")).isTrue();
    assertThat(answer.<String>path("items[1].problem.type")).endsWith("/account-needs-reauth");
  }

  /**
   * Found by the fuzz suite: an item's idempotencyKey is read from the item as it is (not through a body type), and
   * a NUL character in it reached PostgreSQL, which cannot store one: the whole batch was a 500. It is refused in
   * its place now, like any key that cannot be used, whether the post would pass or not.
   */
  @Test
  void anIdempotencyKeyWithANulCharacterIsRefusedInItsPlace() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    // a post that would be written, one that would be refused (an account the tenant does not have), one without a key
    var answer = batch(editor, withKey(facebook(account), "k\\u0000"), withKey(facebook(UUID.randomUUID()),
        "\\u0000"), facebook(account));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.<List<Integer>>path("items.status")).containsExactly(422, 422, 201);
    assertThat(answer.<String>path("items[0].problem.errors[0].field")).isEqualTo("idempotencyKey");
    assertThat(answer.<String>path("items[1].problem.errors[0].field")).isEqualTo("idempotencyKey");
    assertThat(sql.count("select count(*) from posts where tenant_id = ?", tenant)).isEqualTo(1);
  }

  @Test
  void theEnvelopeIsCheckedAsAWhole() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    var tooMany = new ArrayList<>(Collections.nCopies(101, facebook(account)));
    as(editor).body("{\"items\":[" + String.join(",", tooMany) + "]}").post("/api/v1/posts:batch").then()
        .statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("items"))
        .body("errors[0].message", containsString("100"));
    as(editor).body("{\"items\":[]}").post("/api/v1/posts:batch").then().statusCode(422)
        .body("errors[0].field", equalTo("items"));
    as(editor).body("{\"items\":{}}").post("/api/v1/posts:batch").then().statusCode(400)
        .contentType("application/problem+json");
    as(editor).header("Idempotency-Key", "k").body("{\"items\":[" + facebook(account) + "]}")
        .post("/api/v1/posts:batch").then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    as(TestJwt.token(tenant, Roles.VIEWER)).body("{\"items\":[" + facebook(account) + "]}")
        .post("/api/v1/posts:batch").then().statusCode(403);
    assertThat(sql.count("select count(*) from posts where tenant_id = ?", tenant)).isZero();

    var hundred = Collections.nCopies(100, facebook(account));
    as(editor).body("{\"items\":[" + String.join(",", hundred) + "]}").post("/api/v1/posts:batch").then()
        .statusCode(200).body("items", hasSize(100)).body("items.findAll { it.status == 201 }", hasSize(100));
    as(editor).queryParam("account", account.toString()).queryParam("limit", 100).get("/api/v1/posts").then()
        .body("items", hasSize(100)).body("nextCursor", nullValue());
  }

  @Test
  void theBatchIsDescribedUnderItsPublicPath() {
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/posts:batch"))
        .body(containsString("/api/v1/posts:validate")).body(org.hamcrest.Matchers.not(containsString("batch-create")));
  }

  static String withKey(String post, String key) {
    return post.substring(0, post.lastIndexOf('}')) + ",\"idempotencyKey\":\"" + key + "\"}";
  }

  static String twoTargets(UUID first, UUID second) {
    return """
        {"text":"Launch day!","link":"https://example.com/launch",
         "targets":[{"socialAccountId":"%s"},{"socialAccountId":"%s"}]}""".formatted(first, second);
  }

  static ExtractableResponse<Response> batch(String token, String... posts) {
    return as(token).body("{\"items\":[" + String.join(",", posts) + "]}").post("/api/v1/posts:batch").then()
        .extract();
  }
}
