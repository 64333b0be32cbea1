package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.refuses;
import static io.herald.content.support.Posts.validates;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Facebook's post types (feed, Reel, Story) and the options that go with them, and TikTok's options by post type: an
 * option the platform would ignore for the post is a 422 naming it, never dropped on the way.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class PostTypeValidationTest {
  static final String VIDEO = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}";
  static final String PHOTO = "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/p.jpg\"}";

  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);
  final UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
  final UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);

  String post(UUID account, String text, String media, String options) {
    return """
        {"text":%s,"media":[%s],"targets":[{"socialAccountId":"%s","options":%s}]}"""
        .formatted(text, media, account, options);
  }

  String post(UUID account, String text, String link, String media, String options) {
    return """
        {"text":%s,"link":"%s","media":[%s],"targets":[{"socialAccountId":"%s","options":%s}]}"""
        .formatted(text, link, media, account, options);
  }



  @Test
  void aReelIsExactlyOneVideoOfThreeToNinetySecondsWithoutALink() {
    String reel = "{\"facebookType\":\"REEL\"}";
    validates(editor, post(fb, "\"x\"", VIDEO, reel));
    validates(editor, post(fb, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":90}"), reel));
    validates(editor, post(fb, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":3}"), reel));
    refuses(editor, post(fb, "\"x\"", PHOTO, reel), "media", "a Facebook Reel is exactly one video");
    refuses(editor, post(fb, "\"x\"", VIDEO + "," + VIDEO, reel), "media", "a Facebook Reel is exactly one video");
    refuses(editor, post(fb, "\"x\"", "", reel), "media", "a Facebook Reel is exactly one video");
    refuses(editor, post(fb, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":91}"), reel), "media[0].durationSeconds",
        "a Facebook Reel lasts 3 to 90 seconds");
    refuses(editor, post(fb, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":2}"), reel), "media[0].durationSeconds",
        "a Facebook Reel lasts 3 to 90 seconds");
    refuses(editor, post(fb, "\"x\"", "https://example.com/a", VIDEO, reel), "link", "a Facebook Reel takes no link");
  }

  @Test
  void aStoryIsOnePhotoOrOneVideoAndNothingElse() {
    String story = "{\"facebookType\":\"STORY\"}";
    validates(editor, post(fb, "\"\"", PHOTO, story));
    validates(editor, post(fb, "\"\"", VIDEO, story));
    refuses(editor, post(fb, "\"text only\"", "", story), "media", "a Facebook Story is exactly one photo or one video");
    refuses(editor, post(fb, "\"\"", PHOTO + "," + PHOTO, story), "media",
        "a Facebook Story is exactly one photo or one video");
    refuses(editor, post(fb, "\"caption\"", PHOTO, story), "text", "a Facebook Story carries no text");
    refuses(editor, post(fb, "\"\"", "https://example.com/a", PHOTO, story), "link", "a Facebook Story takes no link");
    refuses(editor, post(fb, "\"\"", VIDEO, "{\"facebookType\":\"STORY\",\"thumbnailUrl\":\"https://cdn.example.com/t.jpg\"}"),
        "targets[0].options.thumbnailUrl", "only a Facebook feed video takes a thumbnail");
    refuses(editor, post(fb, "\"\"", PHOTO, "{\"facebookType\":\"STORY\",\"firstComment\":{\"text\":\"hi\"}}"),
        "targets[0].options.firstComment", "a Facebook Story takes no comments");
  }

  @Test
  void aVideoTitleAndThumbnailOnlyWithAFacebookVideo() {
    validates(editor, post(fb, "\"x\"", VIDEO, "{\"title\":\"T\",\"thumbnailUrl\":\"https://cdn.example.com/t.jpg\"}"));
    // the Reels flow takes no thumbnail: refused rather than dropped
    refuses(editor, post(fb, "\"x\"", VIDEO, "{\"facebookType\":\"REEL\",\"thumbnailUrl\":\"https://cdn.example.com/t.jpg\"}"),
        "targets[0].options.thumbnailUrl",
        "only a Facebook feed video takes a thumbnail (the Reels publishing flow takes none");
    refuses(editor, post(fb, "\"x\"", PHOTO, "{\"thumbnailUrl\":\"https://cdn.example.com/t.jpg\"}"),
        "targets[0].options.thumbnailUrl", "only a Facebook feed video takes a thumbnail");
    refuses(editor, post(fb, "\"x\"", PHOTO, "{\"title\":\"T\"}"), "targets[0].options.title",
        "on Facebook, only a video (FEED or REEL) has a title");
    refuses(editor, post(fb, "\"x\"", VIDEO, "{\"thumbnailUrl\":\"http://cdn.example.com/t.jpg\"}"),
        "targets[0].options.thumbnailUrl", "");
    refuses(editor, post(fb, "\"x\"", VIDEO, "{\"thumbnailUrl\":\"https://10.0.0.1/t.jpg\"}"),
        "targets[0].options.thumbnailUrl", "");
  }

  @Test
  void aFirstCommentOnFeedOrReelWithTextOrAnImageCheckedLikeMedia() {
    validates(editor, post(fb, "\"x\"", "", "{\"firstComment\":{\"text\":\"More at example.com\"}}"));
    validates(editor, post(fb, "\"x\"", VIDEO, "{\"facebookType\":\"REEL\",\"firstComment\":"
        + "{\"text\":\"hi\",\"imageUrl\":\"https://cdn.example.com/c.jpg\"}}"));
    refuses(editor, post(fb, "\"x\"", "", "{\"firstComment\":{}}"), "targets[0].options.firstComment",
        "a first comment needs text, an image, or both");
    refuses(editor, post(fb, "\"x\"", "", "{\"firstComment\":{\"text\":\"" + "a".repeat(8001) + "\"}}"),
        "targets[0].options.firstComment.text", "a first comment is at most 8000 characters");
    refuses(editor, post(fb, "\"x\"", "", "{\"firstComment\":{\"imageUrl\":\"https://169.254.169.254/c.jpg\"}}"),
        "targets[0].options.firstComment.imageUrl", "");
  }

  @Test
  void aFacebookTargetRefusesTikTokOptionsAndATikTokTargetFacebookOnes() {
    refuses(editor, post(fb, "\"x\"", "", "{\"privacyLevel\":\"SELF_ONLY\",\"photoCoverIndex\":0}"),
        "targets[0].options.privacyLevel", "is a TikTok option; a Facebook target does not take it");
    refuses(editor, post(fb, "\"x\"", "", "{\"privacyLevel\":\"SELF_ONLY\",\"photoCoverIndex\":0}"),
        "targets[0].options.photoCoverIndex", "is a TikTok option; a Facebook target does not take it");
    refuses(editor, post(tt, "\"x\"", VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"facebookType\":\"REEL\"}"),
        "targets[0].options.facebookType", "is a Facebook option; a TikTok target does not take it");
    refuses(editor, post(tt, "\"x\"", VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"firstComment\":{\"text\":\"y\"}}"),
        "targets[0].options.firstComment", "is a Facebook option; a TikTok target does not take it");
  }

  @Test
  void aTikTokPhotoPostRefusesVideoOptionsAndTakesACoverAmongItsPhotos() {
    validates(editor, post(tt, "\"x\"", PHOTO + "," + PHOTO,
        "{\"privacyLevel\":\"SELF_ONLY\",\"title\":\"T\",\"autoAddMusic\":true,\"photoCoverIndex\":1}"));
    for (String option : new String[] {"\"disableDuet\":true", "\"disableStitch\":false", "\"brandContent\":true",
        "\"brandOrganic\":true", "\"aigc\":true", "\"videoCoverTimestampMs\":1000"}) {
      String name = option.substring(1, option.indexOf('"', 1));
      refuses(editor, post(tt, "\"x\"", PHOTO, "{\"privacyLevel\":\"SELF_ONLY\"," + option + "}"),
          "targets[0].options." + name, "applies to TikTok videos only; a photo post does not take it");
    }
    refuses(editor, post(tt, "\"x\"", PHOTO + "," + PHOTO, "{\"privacyLevel\":\"SELF_ONLY\",\"photoCoverIndex\":2}"),
        "targets[0].options.photoCoverIndex", "must be the index of one of the post's photos: 0 to 1");
    refuses(editor, post(tt, "\"x\"", PHOTO, "{\"privacyLevel\":\"SELF_ONLY\",\"photoCoverIndex\":-1}"),
        "targets[0].options.photoCoverIndex", "must be the index of one of the post's photos: 0 to 0");
  }

  @Test
  void aTikTokVideoRefusesPhotoOptionsAndTakesACoverWithinTheVideo() {
    validates(editor, post(tt, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":10}"), "{\"privacyLevel\":\"PUBLIC_TO_EVERYONE\","
        + "\"disableDuet\":true,\"brandContent\":true,\"aigc\":true,\"videoCoverTimestampMs\":9999}"));
    for (String option : new String[] {"\"title\":\"T\"", "\"autoAddMusic\":true", "\"photoCoverIndex\":0"}) {
      String name = option.substring(1, option.indexOf('"', 1));
      refuses(editor, post(tt, "\"x\"", VIDEO, "{\"privacyLevel\":\"SELF_ONLY\"," + option + "}"),
          "targets[0].options." + name, "applies to TikTok photo posts only; a video post does not take it");
    }
    refuses(editor, post(tt, "\"x\"", VIDEO.replace("}", ",\"durationSeconds\":10}"),
            "{\"privacyLevel\":\"SELF_ONLY\",\"videoCoverTimestampMs\":10000}"),
        "targets[0].options.videoCoverTimestampMs", "must be a moment within the video: 0 to 9999 ms");
    refuses(editor, post(tt, "\"x\"", VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"videoCoverTimestampMs\":-1}"),
        "targets[0].options.videoCoverTimestampMs", "must be a moment within the video");
    // TikTok's inbox upload carries the video alone: every option it would drop is refused, none is required
    validates(editor, post(tt, "\"x\"", VIDEO, "{\"mode\":\"INBOX\",\"consentConfirmed\":true}"));
    for (String option : new String[] {"\"privacyLevel\":\"SELF_ONLY\"", "\"disableComment\":true",
        "\"disableDuet\":true", "\"disableStitch\":true", "\"brandContent\":true", "\"brandOrganic\":true",
        "\"aigc\":true", "\"videoCoverTimestampMs\":0"}) {
      String name = option.substring(1, option.indexOf('"', 1));
      refuses(editor, post(tt, "\"x\"", VIDEO, "{\"mode\":\"INBOX\"," + option + "}"), "targets[0].options." + name,
          "a TikTok inbox draft does not take it");
    }
    // TikTok's rule: branded content cannot be private
    refuses(editor, post(tt, "\"x\"", VIDEO, "{\"privacyLevel\":\"SELF_ONLY\",\"brandContent\":true}"),
        "targets[0].options.privacyLevel", "branded content cannot be private on TikTok");
    validates(editor, post(tt, "\"x\"", PHOTO + "," + PHOTO,
        "{\"privacyLevel\":\"SELF_ONLY\",\"mode\":\"INBOX\",\"photoCoverIndex\":1}"));
  }

  @Test
  void aFeedPostKeepsItsRules() {
    validates(editor, post(fb, "\"x\"", PHOTO + "," + PHOTO, "{\"facebookType\":\"FEED\"}"));
    as(editor).body(post(fb, "\"x\"", PHOTO, "{}")).post("/api/v1/posts:validate").then().statusCode(200)
        .body("targets[0].platform", not(equalTo("TIKTOK")));
  }

  @Test
  void tiktokPhotosComeOnlyFromAPrefixTheAccountVerified() {
    UUID verifying = AuthServiceMock.tiktokVerifying(tenant, "https://cdn.example.com/verified/");
    String options = "{\"privacyLevel\":\"SELF_ONLY\"}";
    validates(editor, post(verifying, "\"x\"", "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/verified/1.jpg\"}",
        options));
    refuses(editor, post(verifying, "\"x\"", "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/verified/1.jpg\"},"
        + PHOTO, options), "media[1].url", "TikTok pulls photos only from a URL prefix verified for this account");
    // a video may come from anywhere (the worker uploads it), and an account that states no prefix is not checked
    validates(editor, post(verifying, "\"x\"", VIDEO, options));
    validates(editor, post(tt, "\"x\"", PHOTO, options));
  }
}
