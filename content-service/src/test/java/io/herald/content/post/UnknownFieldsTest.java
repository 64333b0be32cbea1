package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Posts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A field Herald does not know is a 422 naming it, on every write endpoint: a client's typo is never ignored (a
 * Reel asked for as {@code "facebookTpye"} would otherwise be published as a feed post).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class UnknownFieldsTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  void refusedNaming(io.restassured.response.ValidatableResponse answer, String field) {
    answer.statusCode(422).contentType("application/problem+json")
        .body("type", equalTo("https://herald.dev/problems/validation"))
        .body("errors[0].field", equalTo(field))
        .body("errors[0].message", containsString("is not a field of this request"));
  }

  @Test
  void aTypoInAnOptionIsRefusedNamingItsPathAndNothingIsStored() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String body = """
        {"text":"x","media":[{"type":"VIDEO","url":"https://cdn.example.com/v.mp4"}],
         "targets":[{"socialAccountId":"%s","options":{"facebookTpye":"REEL"}}]}""".formatted(fb);
    refusedNaming(create(editor, body), "targets[0].options.facebookTpye");
    refusedNaming(as(editor).body(body).post("/api/v1/posts:validate").then(), "targets[0].options.facebookTpye");
    as(editor).get("/api/v1/posts").then().statusCode(200).body("items", empty());
  }

  @Test
  void unknownFieldsAtEveryDepthAreRefused() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    refusedNaming(create(editor, """
        {"text":"x","scheduleAt":"2030-01-01T00:00:00Z","targets":[{"socialAccountId":"%s"}]}""".formatted(fb)),
        "scheduleAt");
    refusedNaming(create(editor, """
        {"text":"x","media":[{"type":"IMAGE","url":"https://cdn.example.com/p.jpg","alt":"a"}],
         "targets":[{"socialAccountId":"%s"}]}""".formatted(fb)), "media[0].alt");
    refusedNaming(create(editor, """
        {"text":"x","targets":[{"socialAccountId":"%s","caption":"y"}]}""".formatted(fb)), "targets[0].caption");
    refusedNaming(create(editor, """
        {"text":"x","targets":[{"socialAccountId":"%s","options":{"firstComment":{"text":"y","image":"z"}}}]}"""
        .formatted(fb)), "targets[0].options.firstComment.image");
  }

  @Test
  void batchItemsPatchResolveAndWebhooksAreReadAsStrictly() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    as(editor).body("""
        {"items":[{"idempotencyKey":"k-%s","text":"x","targets":[{"socialAccountId":"%s"}]},
                  {"text":"x","targets":[{"socialAccountId":"%s","options":{"privacy":"SELF_ONLY"}}]}]}"""
            .formatted(UUID.randomUUID(), fb, fb))
        .post("/api/v1/posts:batch").then().statusCode(200)
        .body("items[0].status", equalTo(201))
        .body("items[1].status", equalTo(422))
        .body("items[1].problem.errors[0].field", equalTo("targets[0].options.privacy"));

    String id = Posts.createId(editor, Posts.facebookAt(fb, java.time.Instant.now().plus(java.time.Duration.ofDays(2)).toString()));
    refusedNaming(as(editor).body("{\"txt\":\"y\"}").patch("/api/v1/posts/" + id).then(), "txt");
    refusedNaming(as(editor).body("{\"resolution\":\"PUBLISHED\",\"externalID\":\"1\"}")
        .post("/api/v1/posts/" + id + "/targets/" + UUID.randomUUID() + "/resolve").then(), "externalID");
    refusedNaming(as(TestJwt.token(tenant, Roles.ADMIN))
        .body("{\"url\":\"https://hooks.example.com/h\",\"events\":[\"post.published\"],\"secret\":\"s\"}")
        .post("/api/v1/webhooks").then(), "secret");
  }
}
