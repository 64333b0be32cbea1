package io.herald.common.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamKeysUpgradeTest {

  @Test
  void aDelayedJobGoesBackToTheStreamOfItsNewNameWhateverItsFieldsSay() {
    String member =
        "{\"fields\":{\"payload\":\"{\\\"stream\\\":\\\"herald:jobs:x\\\"}\"},\"stream\":\"herald:jobs:high\"}";

    assertThat(StreamKeysUpgrade.renameStream(member)).isEqualTo(
        "{\"fields\":{\"payload\":\"{\\\"stream\\\":\\\"herald:jobs:x\\\"}\"},\"stream\":\"herald:{jobs}:high\"}");
  }

  @Test
  void everyOldKeyMovesIntoTheJobsSlot() {
    assertThat(StreamKeysUpgrade.STREAMS.values()).allMatch(key -> key.startsWith("herald:" + StreamKeys.TAG + ":"))
        .doesNotHaveDuplicates();
    assertThat(StreamKeys.jobStreams())
        .containsExactly("herald:{jobs}:high", "herald:{jobs}:normal", "herald:{jobs}:low");
  }
}
