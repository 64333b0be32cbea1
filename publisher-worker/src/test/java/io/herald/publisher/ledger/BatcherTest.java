package io.herald.publisher.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ledger's group commit on its own: what waits while a statement runs goes together in the next one, each
 * request gets its own answer, and a request its statement refuses fails alone.
 */
class BatcherTest {
  @Test
  void requestsThatWaitWhileAStatementRunsGoTogetherAndEachGetsItsOwnAnswer() throws Exception {
    var statements = new CopyOnWriteArrayList<List<Integer>>();

    List<Object> answers = runBehindAHeldStatement(batch -> {
      statements.add(batch);
      return batch.stream().map(n -> "answer " + n).toList();
    });

    assertThat(answers).containsExactly(IntStream.rangeClosed(0, 10).mapToObj(n -> "answer " + n).toArray());
    assertThat(statements).hasSize(2);
    assertThat(statements.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void aRequestItsStatementRefusesFailsAloneAndTheOthersAreAnswered() throws Exception {
    Map<Integer, Integer> runs = new ConcurrentHashMap<>();

    List<Object> answers = runBehindAHeldStatement(batch -> {
      batch.forEach(n -> runs.merge(n, 1, Integer::sum));
      if (batch.contains(7)) {
        throw new IllegalStateException("refused: " + batch);
      }
      return batch.stream().map(n -> n * n).toList();
    });

    for (int n = 0; n <= 10; n++) {
      if (n == 7) {
        assertThat(answers.get(n)).isInstanceOf(IllegalStateException.class)
            .hasFieldOrPropertyWithValue("message", "refused: [7]");
      } else {
        assertThat(answers.get(n)).isEqualTo(n * n);
      }
    }
    // the ten that waited were tried together once, then each alone
    assertThat(runs.get(3)).isEqualTo(2);
  }

  @Test
  void aClosedBatcherRefusesWhatItCanNoLongerRun() {
    var batcher = new Batcher<Integer, Integer>("test", 64, batch -> batch, size -> { });
    assertThat(batcher.run(5)).isEqualTo(5);
    batcher.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> batcher.run(6))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
  }

  /**
   * Runs request 0, holds its statement until requests 1 to 10 have all been handed in, then lets it end; answers
   * each request's answer, or what it threw, in request order. {@code statement} is the batch's statement.
   */
  private static <A> List<Object> runBehindAHeldStatement(Function<List<Integer>, List<A>> statement)
      throws Exception {
    var first = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    try (var batcher = new Batcher<Integer, A>("test", 64, batch -> {
      if (batch.contains(0)) {
        first.countDown();
        awaitQuietly(release);
      }
      return statement.apply(batch);
    }, size -> { }); var jobs = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<A> held = jobs.submit(() -> batcher.run(0));
      first.await();
      List<Future<A>> futures = new ArrayList<>(List.of(held));
      IntStream.rangeClosed(1, 10).forEach(n -> futures.add(jobs.submit(() -> batcher.run(n))));
      // every one of them has been handed in before the first statement ends
      await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queued() == 10);
      release.countDown();
      var answers = new ArrayList<Object>();
      for (Future<A> future : futures) {
        try {
          answers.add(future.get());
        } catch (ExecutionException e) {
          answers.add(e.getCause());
        }
      }
      return answers;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
