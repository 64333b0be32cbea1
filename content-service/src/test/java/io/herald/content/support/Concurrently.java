package io.herald.content.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends the same request from several threads released at one instant, as racing clients would. */
public final class Concurrently {
  private Concurrently() {}

  /** Runs {@code call} on {@code threads} threads at once; answers each one's answer. */
  public static <T> List<T> atOnce(int threads, Callable<T> call) throws Exception {
    var start = new CountDownLatch(1);
    var answers = new ArrayList<Future<T>>(threads);
    try (var pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      var done = new ArrayList<T>(threads);
      for (Future<T> answer : answers) {
        done.add(answer.get());
      }
      return done;
    }
  }
}
