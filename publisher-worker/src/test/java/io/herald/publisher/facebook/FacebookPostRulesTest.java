package io.herald.publisher.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.stream.JobPayload;
import io.herald.common.stream.Media;
import io.herald.common.stream.PlatformOptions;
import io.herald.common.stream.PlatformOptions.FacebookType;
import io.herald.common.stream.PlatformOptions.FirstComment;
import io.herald.publisher.facebook.FacebookPost.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the worker publishes for each Facebook type, and the combinations it refuses. */
class FacebookPostRulesTest {
  static final Media VIDEO = new Media(Media.Type.VIDEO, "https://cdn.example.com/v.mp4");
  static final Media IMAGE = new Media(Media.Type.IMAGE, "https://cdn.example.com/a.jpg");

  static JobPayload payload(String text, FacebookType type, String thumb, FirstComment comment, Media... media) {
    return new JobPayload(text, null, List.of(media), new PlatformOptions(null, null, null, null, null, null, null,
        null, null, null, type, thumb, comment, null, null, null));
  }

  @Test
  void eachTypeIsPublishedAsItsKind() {
    assertThat(FacebookPost.kindOf(payload("t", null, null, null))).isEqualTo(Kind.FEED);
    assertThat(FacebookPost.kindOf(payload("t", FacebookType.FEED, null, null, VIDEO))).isEqualTo(Kind.VIDEO);
    assertThat(FacebookPost.kindOf(payload("t", FacebookType.REEL, null, null, VIDEO))).isEqualTo(Kind.REEL);
    assertThat(FacebookPost.kindOf(payload(null, FacebookType.STORY, null, null, IMAGE))).isEqualTo(Kind.PHOTO_STORY);
    assertThat(FacebookPost.kindOf(payload(null, FacebookType.STORY, null, null, VIDEO))).isEqualTo(Kind.VIDEO_STORY);
  }

  @Test
  void whatFacebookTakesIsNotRefused() {
    assertThat(FacebookPost.refusal(payload("t", FacebookType.REEL, null, new FirstComment("hi", null), VIDEO)))
        .isEmpty();
    assertThat(FacebookPost.refusal(payload(null, FacebookType.STORY, null, null, IMAGE))).isEmpty();
    assertThat(FacebookPost.refusal(payload("t", null, "https://cdn.example.com/t.jpg", null, VIDEO))).isEmpty();
    assertThat(FacebookPost.refusal(payload("t", null, null, new FirstComment(null, "https://cdn.example.com/c.jpg"))))
        .isEmpty();
  }

  @Test
  void combinationsFacebookCannotPublishAreRefused() {
    assertThat(FacebookPost.refusal(payload("t", FacebookType.REEL, null, null))).get().asString()
        .contains("Reel takes exactly one video");
    assertThat(FacebookPost.refusal(payload("t", FacebookType.REEL, null, null, VIDEO, VIDEO))).isPresent();
    assertThat(FacebookPost.refusal(payload("t", FacebookType.REEL, null, null, VIDEO, IMAGE))).isPresent();
    assertThat(FacebookPost.refusal(payload("text only", FacebookType.STORY, null, null))).get().asString()
        .contains("exactly one photo or one video");
    assertThat(FacebookPost.refusal(payload(null, FacebookType.STORY, null, null, IMAGE, IMAGE))).isPresent();
    assertThat(FacebookPost.refusal(payload("caption", FacebookType.STORY, null, null, IMAGE))).get().asString()
        .contains("no text");
    assertThat(FacebookPost.refusal(payload(null, FacebookType.STORY, null, new FirstComment("hi", null), IMAGE)))
        .get().asString().contains("no comments");
    assertThat(FacebookPost.refusal(payload("t", null, "https://cdn.example.com/t.jpg", null, IMAGE))).get()
        .asString().contains("thumbnail");
    assertThat(FacebookPost.refusal(payload("t", null, null, new FirstComment(" ", null)))).get().asString()
        .contains("first comment needs text or an image");
    assertThat(FacebookPost.refusal(payload("t", null, null, null, VIDEO, IMAGE))).isPresent();
  }
}
