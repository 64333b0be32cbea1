package io.herald.content.post;

import static io.herald.content.post.TargetStatus.CANCELLED;
import static io.herald.content.post.TargetStatus.FAILED;
import static io.herald.content.post.TargetStatus.PUBLISHED;
import static io.herald.content.post.TargetStatus.PUBLISHING;
import static io.herald.content.post.TargetStatus.QUEUED;
import static io.herald.content.post.TargetStatus.SCHEDULED;
import static io.herald.content.post.TargetStatus.UNKNOWN_OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostStatusTest {
  @Test
  void derivedFromTheTargets() {
    assertThat(PostStatus.derive(List.of(SCHEDULED, SCHEDULED))).isEqualTo(PostStatus.SCHEDULED);
    assertThat(PostStatus.derive(List.of(SCHEDULED, QUEUED))).isEqualTo(PostStatus.PUBLISHING);
    assertThat(PostStatus.derive(List.of(PUBLISHED, PUBLISHING))).isEqualTo(PostStatus.PUBLISHING);
    assertThat(PostStatus.derive(List.of(PUBLISHED, PUBLISHED))).isEqualTo(PostStatus.PUBLISHED);
    assertThat(PostStatus.derive(List.of(FAILED, FAILED))).isEqualTo(PostStatus.FAILED);
    assertThat(PostStatus.derive(List.of(PUBLISHED, FAILED))).isEqualTo(PostStatus.PARTIALLY_PUBLISHED);
    assertThat(PostStatus.derive(List.of(CANCELLED, CANCELLED))).isEqualTo(PostStatus.CANCELLED);
    assertThat(PostStatus.PARTIALLY_PUBLISHED.finished()).isTrue();
    assertThat(PostStatus.PUBLISHING.finished()).isFalse();
  }

  @Test
  void anUnknownOutcomeShowsOnceNothingIsScheduledOrInFlightAndIsNotFinished() {
    assertThat(PostStatus.derive(List.of(PUBLISHED, UNKNOWN_OUTCOME))).isEqualTo(PostStatus.UNKNOWN_OUTCOME);
    assertThat(PostStatus.derive(List.of(FAILED, UNKNOWN_OUTCOME))).isEqualTo(PostStatus.UNKNOWN_OUTCOME);
    assertThat(PostStatus.derive(List.of(UNKNOWN_OUTCOME))).isEqualTo(PostStatus.UNKNOWN_OUTCOME);
    assertThat(PostStatus.derive(List.of(QUEUED, UNKNOWN_OUTCOME))).isEqualTo(PostStatus.PUBLISHING);
    assertThat(PostStatus.UNKNOWN_OUTCOME.finished()).isFalse();
  }

  @Test
  void aTargetDeletedAfterPublishingCountsAsPublishedUntilEveryPublishedOneIsDeleted() {
    assertThat(PostStatus.derive(List.of(TargetStatus.DELETED))).isEqualTo(PostStatus.DELETED);
    assertThat(PostStatus.derive(List.of(TargetStatus.DELETED, CANCELLED))).isEqualTo(PostStatus.DELETED);
    assertThat(PostStatus.derive(List.of(TargetStatus.DELETED, PUBLISHED))).isEqualTo(PostStatus.PUBLISHED);
    assertThat(PostStatus.derive(List.of(TargetStatus.DELETED, FAILED)))
        .isEqualTo(PostStatus.PARTIALLY_PUBLISHED);
    assertThat(PostStatus.DELETED.finished()).isFalse();
  }
}
