package io.herald.publisher.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ledger's group commit on its own: what waits while a statement runs goes together in the next one, each
 * request gets its own answer, and a request its statement refuses fails alone.
 */
class BatcherTest {
  @Test
  void requestsThatWaitWhileAStatementRunsGoTogetherAndEachGetsItsOwnAnswer() throws Exception {
    var first = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var statements = new CopyOnWriteArrayList<List<Integer>>();
    try (var batcher = new Batcher<Integer, String>("test", 64, batch -> {
      statements.add(batch);
      if (batch.contains(0)) {
        first.countDown();
        awaitRelease(release);
      }
      return batch.stream().map(n -> "answer " + n).toList();
    }, size -> { }); var jobs = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> blocking = jobs.submit(() -> batcher.run(0));
      first.await();
      List<Future<String>> waiting = IntStream.rangeClosed(1, 10).mapToObj(n -> jobs.submit(() -> batcher.run(n)))
          .toList();
      // every one of them has been handed in before the first statement ends
      await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queued() == 10);
      release.countDown();

      assertThat(blocking.get()).isEqualTo("answer 0");
      for (int n = 1; n <= 10; n++) {
        assertThat(waiting.get(n - 1).get()).isEqualTo("answer " + n);
      }
      assertThat(statements).hasSize(2);
      assertThat(statements.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
  }

  @Test
  void aRequestItsStatementRefusesFailsAloneAndTheOthersAreAnswered() throws Exception {
    var first = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    Map<Integer, Integer> runs = new ConcurrentHashMap<>();
    try (var batcher = new Batcher<Integer, Integer>("test", 64, batch -> {
      batch.forEach(n -> runs.merge(n, 1, Integer::sum));
      if (batch.contains(0)) {
        first.countDown();
        awaitRelease(release);
      }
      if (batch.contains(7)) {
        throw new IllegalStateException("refused: " + batch);
      }
      return batch.stream().map(n -> n * n).toList();
    }, size -> { }); var jobs = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> blocking = jobs.submit(() -> batcher.run(0));
      first.await();
      List<Future<Integer>> waiting = IntStream.rangeClosed(1, 10).mapToObj(n -> jobs.submit(() -> batcher.run(n)))
          .toList();
      await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queued() == 10);
      release.countDown();

      assertThat(blocking.get()).isZero();
      for (int n = 1; n <= 10; n++) {
        if (n == 7) {
          int seven = n;
          assertThatThrownBy(() -> waiting.get(seven - 1).get()).hasCauseInstanceOf(IllegalStateException.class)
              .hasMessageContaining("refused: [7]");
        } else {
          assertThat(waiting.get(n - 1).get()).isEqualTo(n * n);
        }
      }
      // the batch of ten was tried together once, then each alone
      assertThat(runs.get(3)).isEqualTo(2);
    }
  }

  @Test
  void aClosedBatcherRefusesWhatItCanNoLongerRun() {
    var batcher = new Batcher<Integer, Integer>("test", 64, batch -> batch, size -> { });
    assertThat(batcher.run(5)).isEqualTo(5);
    batcher.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> batcher.run(6))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
  }

  private static void awaitRelease(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
