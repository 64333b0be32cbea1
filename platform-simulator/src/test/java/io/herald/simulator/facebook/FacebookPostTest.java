package io.herald.simulator.facebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FacebookPostTest {

  @Test
  void aScheduledPostGoesLiveWhenItsTimeHasCome() {
    assertThat(scheduled(Instant.now().minusSeconds(1)).live()).isTrue();
    assertThat(scheduled(Instant.now().minusSeconds(1)).view().published()).isTrue();
    assertThat(scheduled(Instant.now().plusSeconds(3600)).live()).isFalse();
  }

  @Test
  void aPublishedPostShowsOnTheFeedAfterTheDelayAndPublishingAgainChangesNothing() {
    Instant now = Instant.now();
    var post = new FacebookPost("1_2", null, FacebookPost.Kind.FEED, "1", content(), origin(), now, null, now);

    assertThat(post.live()).isFalse();
    assertThat(post.publish(now, Duration.ofSeconds(10))).isTrue();
    assertThat(post.publish(now.plusSeconds(5), Duration.ZERO)).isFalse();

    assertThat(post.live()).isTrue();
    assertThat(post.onFeed(now.plusSeconds(9))).isFalse();
    assertThat(post.onFeed(now.plusSeconds(10))).isTrue();
  }

  @Test
  void aVideoShowsOnTheFeedOnlyOnceProcessed() {
    Instant now = Instant.now();
    var video = new FacebookPost("1_3", "3", FacebookPost.Kind.VIDEO, "1", content(), origin(), now, null,
        now.plusSeconds(5));
    video.publish(now, Duration.ZERO);

    assertThat(video.processing(now.plusSeconds(4))).isTrue();
    assertThat(video.onFeed(now.plusSeconds(4))).isFalse();
    assertThat(video.onFeed(now.plusSeconds(5))).isTrue();
  }

  @Test
  void textIsStoredNormalised() {
    assertThat(FacebookPublishService.normalise("line one\r\nline two  \n\t")).isEqualTo("line one\nline two");
    assertThat(FacebookPublishService.normalise("   \r\n")).isNull();
    assertThat(FacebookPublishService.normalise("  leading stays")).isEqualTo("  leading stays");
  }

  private static FacebookPost scheduled(Instant at) {
    return new FacebookPost("1_2", null, FacebookPost.Kind.FEED, "1", content(), origin(), Instant.now(), at,
        Instant.now());
  }

  private static FacebookPost.Content content() {
    return new FacebookPost.Content("m", null, null, List.of(), List.of());
  }

  private static FacebookPost.Origin origin() {
    return new FacebookPost.Origin(FacebookPost.MadeBy.APP, "app", new FacebookPost.Profile("9", "Admin"),
        new FacebookPost.Profile("1", "Page"));
  }
}
