package io.herald.content.post;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.refuses;
import static io.herald.content.support.Posts.validates;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Posts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a new TikTok post is checked against the creator's own settings (creator_info, through auth-service) when
 * they can be obtained: what the creator turned off is a 422 naming the option and why; when they cannot be obtained
 * the post is accepted and the worker's pre-flight decides. Consent is stored and shown on the target.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class CreatorSettingsTest {
  static final String VIDEO = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}";
  static final String PHOTO = "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/p.jpg\"}";
  static final String QUIET = """
      "privacyLevelOptions":["FOLLOWER_OF_CREATOR","MUTUAL_FOLLOW_FRIENDS","SELF_ONLY"],"commentDisabled":true,
      "duetDisabled":true,"stitchDisabled":true,"maxVideoPostDurationSec":60""";

  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);

  @Inject
  CircuitBreakerMaintenance breakers;

  @BeforeEach
  void closeBreakers() {
    breakers.resetAll();
  }

  UUID creator(String members) {
    UUID id = AuthServiceMock.active(tenant, Platform.TIKTOK);
    AuthServiceMock.creatorInfo(id, members);
    return id;
  }

  static String post(UUID account, String media, String options) {
    return """
        {"text":"x","media":[%s],"targets":[{"socialAccountId":"%s","options":%s}]}""".formatted(media, account,
        options);
  }



  @Test
  void aPrivacyLevelTheCreatorDoesNotOfferIsRefusedNamingTheOnesOffered() {
    UUID quiet = creator(QUIET);

    refuses(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"PUBLIC_TO_EVERYONE\"}"), "targets[0].options.privacyLevel",
        "this creator offers only FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY (TikTok creator_info)");
    validates(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"FOLLOWER_OF_CREATOR\"}"));
    // an inbox draft carries no privacy level: the creator chooses it in the app
    validates(editor, post(quiet, VIDEO, "{\"mode\":\"INBOX\"}"));
  }

  @Test
  void anInteractionTheCreatorTurnedOffCannotBeAllowedButMayBeLeftOut() {
    UUID quiet = creator(QUIET);
    String allowing = "{\"privacyLevel\":\"SELF_ONLY\",\"disableComment\":false,\"disableDuet\":false,"
        + "\"disableStitch\":false}";

    as(editor).body(post(quiet, VIDEO, allowing)).post("/api/v1/posts:validate").then().statusCode(422)
        .body("errors", hasSize(3))
        .body("errors.field", hasItems("targets[0].options.disableComment", "targets[0].options.disableDuet",
            "targets[0].options.disableStitch"))
        .body("detail", containsString("targets[0].options.disableComment: the creator has turned comments off in"
            + " TikTok, so this post cannot allow them: set it to true or leave it out"))
        .body("detail", containsString("targets[0].options.disableDuet: the creator has turned duets off"))
        .body("detail", containsString("targets[0].options.disableStitch: the creator has turned stitches off"));
    refuses(editor, post(quiet, PHOTO, "{\"privacyLevel\":\"SELF_ONLY\",\"disableComment\":false}"),
        "targets[0].options.disableComment", "the creator has turned comments off in TikTok");
    validates(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"SELF_ONLY\"}"));
    validates(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"disableComment\":true,\"disableDuet\":true,"
        + "\"disableStitch\":true}"));
    // a creator who allows them: the post may allow them
    UUID open = creator("\"privacyLevelOptions\":[\"SELF_ONLY\"],\"commentDisabled\":false,\"duetDisabled\":false,"
        + "\"stitchDisabled\":false");
    validates(editor, post(open, VIDEO, allowing));
  }

  @Test
  void aVideoLongerThanTheCreatorMayPostIsRefusedWhenItsDurationIsKnown() {
    UUID quiet = creator(QUIET);
    String options = "{\"privacyLevel\":\"SELF_ONLY\"}";

    refuses(editor, post(quiet, VIDEO.replace("}", ",\"durationSeconds\":61}"), options), "media[0].durationSeconds",
        "this creator may post videos of at most 60 seconds (TikTok creator_info)");
    validates(editor, post(quiet, VIDEO.replace("}", ",\"durationSeconds\":60}"), options));
    validates(editor, post(quiet, VIDEO, options));
    // the target's own media is named by its own path
    refuses(editor, """
        {"text":"x","targets":[{"socialAccountId":"%s","media":[%s],"options":%s}]}"""
        .formatted(quiet, VIDEO.replace("}", ",\"durationSeconds\":90}"), options),
        "targets[0].media[0].durationSeconds", "this creator may post videos of at most 60 seconds");
  }

  @Test
  void aPatchIsCheckedAgainstTheCreatorsSettingsAsACreateIs() {
    UUID quiet = creator(QUIET);
    String id = Posts.createId(editor, post(quiet, VIDEO.replace("}", ",\"durationSeconds\":30}"),
        "{\"privacyLevel\":\"SELF_ONLY\"}").replace("}]}", "}],\"scheduledAt\":\"" + java.time.Instant.now().plusSeconds(86_400) + "\"}"));
    String longer = "{\"media\":[" + VIDEO.replace("}", ",\"durationSeconds\":61}") + "]}";

    as(editor).body(longer).patch("/api/v1/posts/" + id).then()
        .statusCode(422).contentType("application/problem+json")
        .body("errors.field", hasItems("media[0].durationSeconds"))
        .body("detail", containsString("this creator may post videos of at most 60 seconds (TikTok creator_info)"));
    as(editor).get("/api/v1/posts/" + id).then().statusCode(200).body("media[0].durationSeconds", equalTo(30));
  }

  @Test
  void whenTheCreatorsSettingsCannotBeObtainedThePostIsAcceptedForThePublishToDecide() {
    String allowing = "{\"privacyLevel\":\"PUBLIC_TO_EVERYONE\",\"disableComment\":false}";
    UUID failing = AuthServiceMock.active(tenant, Platform.TIKTOK);
    AuthServiceMock.creatorInfoFails(failing, 503);
    UUID throttled = AuthServiceMock.active(tenant, Platform.TIKTOK);
    AuthServiceMock.creatorInfoFails(throttled, 429);

    Posts.create(editor, post(failing, VIDEO, allowing)).statusCode(201);
    Posts.create(editor, post(throttled, VIDEO, allowing)).statusCode(201);
    // nothing failed is kept: once TikTok answers, the next post is checked
    AuthServiceMock.creatorInfo(failing, QUIET);
    refuses(editor, post(failing, VIDEO, allowing), "targets[0].options.disableComment",
        "the creator has turned comments off in TikTok");
  }

  @Test
  void theCreatorsSettingsAreKeptBrieflyNotAskedForEveryPost() {
    UUID quiet = creator(QUIET);

    for (int i = 0; i < 3; i++) {
      validates(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"SELF_ONLY\"}"));
    }
    AuthServiceMock.server().verify(1,
        getRequestedFor(urlEqualTo("/internal/v1/social-accounts/" + quiet + "/capabilities")));
  }

  @Test
  void consentIsStoredAndShownOnTheTargetWithTheCoverAndAnExplicitNoIsRefused() {
    UUID quiet = creator(QUIET);

    String id = Posts.createId(editor, post(quiet, VIDEO.replace("}", ",\"durationSeconds\":30}"),
        "{\"privacyLevel\":\"SELF_ONLY\",\"consentConfirmed\":true,\"videoCoverTimestampMs\":1500}"));
    as(editor).get("/api/v1/posts/" + id).then().statusCode(200)
        .body("targets[0].options.consentConfirmed", equalTo(true))
        .body("targets[0].options.videoCoverTimestampMs", equalTo(1500));
    refuses(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"consentConfirmed\":false}"),
        "targets[0].options.consentConfirmed", "TikTok requires the user's consent (Music Usage Confirmation)");
    // optional: a post without it is accepted (no tenant setting requires it)
    validates(editor, post(quiet, VIDEO, "{\"privacyLevel\":\"SELF_ONLY\"}"));
  }
}
