package io.herald.simulator.facebook;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static FacebookPost scheduled(Instant at) {
    return new FacebookPost("1_2", null, "FEED", "1", "m", null, null, List.of(), Instant.now(), false, at);
  }
}
