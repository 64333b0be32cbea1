package io.herald.publisher.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkPlanTest {

  @Test
  void theReferenceExampleIsFivePutsWithTheRemainderInTheLast() {
    ChunkPlan plan = ChunkPlan.of(50_000_123, 10_000_000);
    assertThat(plan.chunkCount()).isEqualTo(5);
    assertThat(plan.chunkSize()).isEqualTo(10_000_000);
    assertThat(plan.first(4)).isEqualTo(40_000_000);
    assertThat(plan.last(4)).isEqualTo(50_000_122);
    assertThat(plan.last(0)).isEqualTo(9_999_999);
  }

  @Test
  void anUploadResumesOnlyAtAChunkBoundary() {
    ChunkPlan plan = ChunkPlan.of(50_000_123, 10_000_000);
    assertThat(plan.chunkStartingAt(0)).hasValue(0);
    assertThat(plan.chunkStartingAt(20_000_000)).hasValue(2);
    assertThat(plan.chunkStartingAt(40_000_000)).hasValue(4);
    assertThat(plan.chunkStartingAt(20_000_001)).isEmpty();
    assertThat(plan.chunkStartingAt(50_000_123)).isEmpty();
    assertThat(plan.chunkStartingAt(-1)).isEmpty();
  }

  @Test
  void filesUnderFiveMegabytesGoWhole() {
    ChunkPlan plan = ChunkPlan.of(1_234_567, 10_000_000);
    assertThat(plan.chunkCount()).isEqualTo(1);
    assertThat(plan.chunkSize()).isEqualTo(1_234_567);
    assertThat(plan.last(0)).isEqualTo(1_234_566);
  }

  @Test
  void chunkSizeIsKeptBetweenFiveAndSixtyFourMegabytes() {
    assertThat(ChunkPlan.of(20L * 1024 * 1024, 1_000).chunkSize()).isEqualTo(ChunkPlan.MIN_CHUNK);
    assertThat(ChunkPlan.of(300L * 1024 * 1024, 100L * 1024 * 1024).chunkSize()).isEqualTo(ChunkPlan.MAX_CHUNK);
  }

  @Test
  void aFileBetweenOneAndTwoChunksIsOneChunkCarryingTheRemainder() {
    ChunkPlan plan = ChunkPlan.of(14_000_000, 10_000_000);
    assertThat(plan.chunkCount()).isEqualTo(1);
    assertThat(plan.last(0)).isEqualTo(13_999_999);
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThatThrownBy(() -> ChunkPlan.of(0, 10_000_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
