package io.herald.publisher.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs the requests of one kind of move that concurrent jobs make as one statement (a group commit). A job hands its
 * request in and waits for its own answer; one flusher thread takes every request waiting, up to {@code max}, and
 * runs them together, so a batch gathers while the statement before it runs. A move asked for on an idle worker runs
 * at once, alone. A batch that fails is run again a request at a time, so a request the database refuses (or a
 * deadlock with another replica's statement) fails its own job only, with the exception it would have met alone.
 *
 * <p>Each request still commits before its job goes on: a job waits for the statement that holds its move, and that
 * statement is atomic, so what a move promises (committed before the platform call, or after its answer) is as it
 * was with a statement per move.
 *
 * @param <R> a request
 * @param <A> its answer
 */
final class Batcher<R, A> implements AutoCloseable {
  private record Pending<R, A>(R request, CompletableFuture<A> answer) {
  }

  private final BlockingQueue<Pending<R, A>> waiting = new LinkedBlockingQueue<>();
  private final Function<List<R>, List<A>> together;
  private final IntConsumer batchSizes;
  private final int max;
  private final Thread flusher;
  private volatile boolean closed;

  /**
   * {@code together} runs requests as one statement and answers them in their order; {@code batchSizes} hears the
   * size of every batch run.
   */
  Batcher(String name, int max, Function<List<R>, List<A>> together, IntConsumer batchSizes) {
    this.together = together;
    this.batchSizes = batchSizes;
    this.max = max;
    this.flusher = Thread.ofVirtual().name(name).start(this::flush);
  }

  /** Runs the request with whatever others wait; answers its answer, or throws what its statement threw. */
  A run(R request) {
    var pending = new Pending<R, A>(request, new CompletableFuture<>());
    waiting.add(pending);
    if (closed) {
      failWaiting();
    }
    try {
      return pending.answer().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Requests handed in and not yet taken by a statement. */
  int queued() {
    return waiting.size();
  }

  @Override
  public void close() {
    closed = true;
    flusher.interrupt();
  }

  private void flush() {
    var batch = new ArrayList<Pending<R, A>>(max);
    try {
      while (!closed) {
        batch.add(waiting.take());
        waiting.drainTo(batch, max - 1);
        try {
          runAll(batch);
        } catch (RuntimeException | Error unexpected) {
          // the flusher outlives whatever one batch met: no job is left waiting for an answer
          batch.forEach(pending -> pending.answer().completeExceptionally(unexpected));
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      batch.forEach(Batcher::failClosed);
      failWaiting();
    }
  }

  private void runAll(List<Pending<R, A>> batch) {
    batchSizes.accept(batch.size());
    try {
      List<A> answers = together.apply(batch.stream().map(Pending::request).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).answer().complete(answers.get(i));
      }
    } catch (RuntimeException | Error failed) {
      if (batch.size() == 1) {
        batch.getFirst().answer().completeExceptionally(failed);
        return;
      }
      for (Pending<R, A> pending : batch) {
        try {
          pending.answer().complete(together.apply(List.of(pending.request())).getFirst());
        } catch (RuntimeException | Error alone) {
          pending.answer().completeExceptionally(alone);
        }
      }
    }
  }

  private void failWaiting() {
    for (Pending<R, A> pending; (pending = waiting.poll()) != null; ) {
      failClosed(pending);
    }
  }

  private static <R, A> void failClosed(Pending<R, A> pending) {
    pending.answer().completeExceptionally(new IllegalStateException("The ledger is closed (the worker stops)"));
  }
}
