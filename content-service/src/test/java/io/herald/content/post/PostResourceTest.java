package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static io.herald.content.support.Posts.createId;
import static io.herald.content.support.Posts.facebook;
import static io.herald.content.support.Posts.facebookAt;
import static io.herald.content.support.Posts.tiktokVideo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class PostResourceTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);
  final String viewer = TestJwt.token(tenant, Roles.VIEWER);
  final String later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

  @Test
  void createAnswers201WithLocationThePostAndOneStatusPerTarget() {
    UUID facebook = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID tiktok = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String body = """
        {"text":"Launch day!","media":[{"type":"VIDEO","url":"https://cdn.example.com/launch.mp4"}],
         "targets":[{"socialAccountId":"%s"},
                    {"socialAccountId":"%s",
                     "options":{"privacyLevel":"SELF_ONLY","disableComment":true,"mode":"DIRECT_POST"}}],
         "scheduledAt":"%s","priority":"HIGH"}""".formatted(facebook, tiktok, later);
    var created = create(editor, body).statusCode(201)
        .header("Location", containsString("/api/v1/posts/"))
        .body("status", equalTo("SCHEDULED"))
        .body("priority", equalTo("HIGH"))
        .body("scheduledAt", equalTo(later))
        .body("targets", hasSize(2))
        .body("targets[0].platform", equalTo("FACEBOOK"))
        .body("targets[0].status", equalTo("SCHEDULED"))
        .body("targets[1].platform", equalTo("TIKTOK"))
        .body("targets[1].options.privacyLevel", equalTo("SELF_ONLY"))
        .body("targets[1].options.mode", equalTo("DIRECT_POST"))
        .extract();
    String location = created.header("Location");

    as(viewer).get(location).then().statusCode(200)
        .header("ETag", notNullValue())
        .body("id", equalTo(created.path("id")))
        .body("text", equalTo("Launch day!"))
        .body("media[0].url", equalTo("https://cdn.example.com/launch.mp4"))
        .body("targets[1].socialAccountId", equalTo(tiktok.toString()));
  }

  @Test
  void withoutScheduledAtThePostIsDueNow() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String scheduledAt = create(editor, facebook(account)).statusCode(201).extract().path("scheduledAt");
    assertThat(Instant.parse(scheduledAt)).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
  }

  @Test
  void viewersReadButCannotWriteAndStrangersAreUnauthenticated() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    create(viewer, facebook(account)).statusCode(403).contentType("application/problem+json");
    given().contentType("application/json").body(facebook(account)).post("/api/v1/posts").then()
        .statusCode(401).contentType("application/problem+json");
    given().auth().oauth2(TestJwt.tokenSignedByAnotherKey(tenant, Roles.EDITOR)).get("/api/v1/posts").then()
        .statusCode(401);
    as(viewer).get("/api/v1/posts").then().statusCode(200);
  }

  @Test
  void listFiltersAndPagesWithAStableCursor() {
    UUID facebook = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID tiktok = AuthServiceMock.active(tenant, Platform.TIKTOK);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createId(editor, facebookAt(facebook, later).replace("Launch day!", "Post number " + i)));
    }
    String tiktokId = createId(editor, tiktokVideo(tiktok));

    var first = as(viewer).queryParam("platform", "FACEBOOK").queryParam("limit", 2).get("/api/v1/posts").then()
        .statusCode(200).body("items", hasSize(2)).extract();
    assertThat(first.<List<String>>path("items.id")).containsExactly(ids.get(4), ids.get(3));

    // a post created between two page reads does not shift the pages
    createId(editor, facebookAt(facebook, later).replace("Launch day!", "Post number 5"));

    var second = as(viewer).queryParam("platform", "FACEBOOK").queryParam("limit", 2)
        .queryParam("cursor", first.<String>path("nextCursor")).get("/api/v1/posts").then().statusCode(200).extract();
    assertThat(second.<List<String>>path("items.id")).containsExactly(ids.get(2), ids.get(1));
    var third = as(viewer).queryParam("platform", "FACEBOOK").queryParam("limit", 2)
        .queryParam("cursor", second.<String>path("nextCursor")).get("/api/v1/posts").then().statusCode(200).extract();
    assertThat(third.<List<String>>path("items.id")).containsExactly(ids.get(0));
    assertThat(third.<String>path("nextCursor")).isNull();

    as(viewer).queryParam("account", tiktok.toString()).get("/api/v1/posts").then()
        .body("items.id", equalTo(List.of(tiktokId)));
    as(viewer).queryParam("text", "number 3").get("/api/v1/posts").then()
        .body("items.id", equalTo(List.of(ids.get(3))));
    as(viewer).queryParam("status", "CANCELLED").get("/api/v1/posts").then().body("items", hasSize(0));
    as(viewer).queryParam("status", "SCHEDULED").queryParam("limit", 100).get("/api/v1/posts").then()
        .body("items.id", hasItem(ids.get(0)));
    as(viewer).queryParam("scheduledFrom", Instant.now().plus(2, ChronoUnit.DAYS).toString())
        .get("/api/v1/posts").then()
        .body("items", hasSize(0));
  }

  @Test
  void badListParametersAre400NotServerErrors() {
    as(viewer).queryParam("status", "NOPE").get("/api/v1/posts").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
    as(viewer).queryParam("limit", "0").get("/api/v1/posts").then().statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    as(viewer).queryParam("cursor", "garbage!").get("/api/v1/posts").then().statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
    // a cursor of the right shape whose instant no database stores was PostgreSQL's error, a 500
    String farFuture = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("+1000000000-01-01T00:00:00Z|" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    as(viewer).queryParam("cursor", farFuture).get("/api/v1/posts").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
    as(viewer).queryParam("scheduledFrom", "yesterday").get("/api/v1/posts").then().statusCode(400);
    as(viewer).queryParam("scheduledFrom", later).queryParam("scheduledTo", "2001-01-01T00:00:00Z")
        .get("/api/v1/posts").then().statusCode(400).body("errors[0].field", equalTo("scheduledTo"));
    as(viewer).get("/api/v1/posts/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void patchNeedsTheCurrentETagAndRevalidates() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String id = createId(editor, facebookAt(account, later));
    String etag = as(viewer).get("/api/v1/posts/" + id).then().extract().header("ETag");

    String newTime = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String newEtag = as(editor).header("If-Match", etag)
        .body("{\"text\":\"Changed\",\"scheduledAt\":\"" + newTime + "\"}").patch("/api/v1/posts/" + id).then()
        .statusCode(200).body("text", equalTo("Changed")).body("scheduledAt", equalTo(newTime))
        .extract().header("ETag");
    assertThat(newEtag).isNotEqualTo(etag);

    as(editor).header("If-Match", etag).body("{\"text\":\"Lost update\"}").patch("/api/v1/posts/" + id).then()
        .statusCode(412).contentType("application/problem+json");
    as(editor).header("If-Match", newEtag).body("{\"scheduledAt\":\"2001-01-01T00:00:00Z\"}")
        .patch("/api/v1/posts/" + id).then().statusCode(422).body("errors[0].field", equalTo("scheduledAt"));
    as(viewer).get("/api/v1/posts/" + id).then().body("text", equalTo("Changed")).header("ETag", equalTo(newEtag));
  }

  @Test
  void cancelMarksEveryTargetCancelledAndIsFinal() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String id = createId(editor, facebookAt(account, later));
    as(editor).delete("/api/v1/posts/" + id).then().statusCode(200)
        .body("status", equalTo("CANCELLED")).body("targets[0].status", equalTo("CANCELLED"));
    as(viewer).get("/api/v1/posts/" + id).then().body("status", equalTo("CANCELLED"));
    as(editor).body("{\"text\":\"too late\"}").patch("/api/v1/posts/" + id).then().statusCode(409);
    as(editor).post("/api/v1/posts/" + id + "/retry").then().statusCode(409);
  }

  @Test
  void retryTakesNoBodySoNeedsNoContentType() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String id = createId(editor, facebookAt(account, later));
    // It was a 415 (the class consumes JSON), also for callers who were not allowed to retry at all.
    given().auth().oauth2(editor).post("/api/v1/posts/" + id + "/retry").then().statusCode(409)
        .contentType("application/problem+json");
    given().auth().oauth2(TestJwt.token(tenant, Roles.VIEWER)).post("/api/v1/posts/" + id + "/retry").then()
        .statusCode(403);
  }

  @Test
  void anotherTenantsPostIsNotFoundOnEveryEndpoint() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String id = createId(editor, facebookAt(account, later));
    UUID other = UUID.randomUUID();
    String stranger = TestJwt.token(other, Roles.OWNER);

    as(stranger).get("/api/v1/posts/" + id).then().statusCode(404).contentType("application/problem+json");
    as(stranger).get("/api/v1/posts/" + id + "/attempts").then().statusCode(404);
    as(stranger).body("{\"text\":\"hijack\"}").patch("/api/v1/posts/" + id).then().statusCode(404);
    as(stranger).delete("/api/v1/posts/" + id).then().statusCode(404);
    as(stranger).post("/api/v1/posts/" + id + "/retry").then().statusCode(404);
    as(stranger).get("/api/v1/posts").then().statusCode(200).body("items", hasSize(0));
    // and the stranger cannot publish to this tenant's account either
    create(stranger, facebook(account)).statusCode(422).body("errors[0].field", equalTo("targets[0].socialAccountId"));

    as(viewer).get("/api/v1/posts/" + id).then().statusCode(200).body("text", equalTo("Launch day!"))
        .body("status", equalTo("SCHEDULED"));
  }

  @Test
  void malformedBodiesAre4xxProblemsNeverServerErrors() {
    UUID account = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    for (String body : List.of("{", "[]", "null", "{\"text\":5,\"targets\":{}}", "{\"text\":\"x\",\"targets\":[null]}",
        "{\"text\":\"x\",\"priority\":\"URGENT\",\"targets\":[{\"socialAccountId\":\"" + account + "\"}]}",
        "{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"not-a-uuid\"}]}",
        "{\"text\":\"x\",\"scheduledAt\":\"tomorrow\",\"targets\":[{\"socialAccountId\":\"" + account + "\"}]}",
        "{\"text\":\"x\",\"media\":[{\"type\":\"GIF\",\"url\":\"https://a/b.gif\"}],\"targets\":[]}")) {
      var answer = create(editor, body).extract();
      assertThat(answer.statusCode()).as(body).isBetween(400, 499);
      assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
    }
    as(editor).body("{\"text\":[1]}").patch("/api/v1/posts/" + UUID.randomUUID()).then().statusCode(400)
        .contentType("application/problem+json");
    as(editor).body("{\"scheduledAt\":\"soon\"}").patch("/api/v1/posts/" + UUID.randomUUID()).then().statusCode(400);
    as(editor).header("Idempotency-Key", "k".repeat(300)).body(facebook(account)).post("/api/v1/posts").then()
        .statusCode(400).contentType("application/problem+json");
    as(editor).header("If-Match", "\"garbage").delete("/api/v1/posts/" + UUID.randomUUID()).then().statusCode(404);
  }
}
