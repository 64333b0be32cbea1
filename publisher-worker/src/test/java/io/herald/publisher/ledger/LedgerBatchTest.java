package io.herald.publisher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.db.DataAccessException;
import io.herald.common.db.Sql;
import io.herald.common.stream.JobMessage;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Jobs running at once share the ledger's statements (take, SENDING, SENT), and each still gets exactly its own
 * answer: a row moves only for its lease's holder, a take of a target another run holds finds it held, and a move
 * the database refuses fails its own job only.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class LedgerBatchTest {
  static final Duration LEASE = Duration.ofMinutes(1);

  @Inject
  Ledger ledger;

  @Inject
  Sql sql;

  @Inject
  MeterRegistry registry;

  @Test
  void twoHundredJobsAtOnceMoveEachTheirOwnRowInFewerStatements() throws Exception {
    Account page = Account.facebook();
    List<JobMessage> jobs = IntStream.range(0, 200).mapToObj(i -> Jobs.job(page, Jobs.text("Post " + i))).toList();
    double statementsBefore = summary("send").count();

    List<Boolean> done = atOnce(jobs.stream().<Callable<Boolean>>map(job -> () -> {
      var lease = new Lease(job.targetId(), UUID.randomUUID());
      return ledger.take(job, lease, LEASE).isPresent()
          && ledger.beginSend(lease, 1, page.externalId(), page.externalId() + "_" + job.targetId())
          && ledger.sent(lease, page.externalId() + "_" + job.targetId(), "https://www.facebook.com/" + job.targetId());
    }).toList());

    assertThat(done).hasSize(200).containsOnly(true);
    List<UUID> targets = jobs.stream().map(JobMessage::targetId).toList();
    assertThat(sql.count("select count(*) from publish_ledger where target_id = any(?) and state = 'SENT'"
        + " and lease_owner is null and external_id = ? || '_' || target_id", targets, page.externalId()))
        .isEqualTo(200);
    assertThat(sql.count("select count(*) from publish_attempt where target_id = any(?) and outcome = 'SENT'"
        + " and finished_at is not null", targets)).isEqualTo(200);
    assertThat(summary("send").count() - statementsBefore).as("statements that moved 200 rows to SENDING")
        .isLessThan(200);
  }

  @Test
  void aStaleHolderInTheSameStatementAsTheNewOneMovesNothing() throws Exception {
    Account page = Account.facebook();
    JobMessage job = Jobs.job(page, Jobs.text("Taken again after its lease lapsed"));
    var stale = new Lease(job.targetId(), UUID.randomUUID());
    assertThat(ledger.take(job, stale, Duration.ofMillis(1))).isPresent();
    var current = new Lease(job.targetId(), UUID.randomUUID());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> ledger.take(job, current, LEASE).isPresent());

    List<Boolean> moved = atOnce(List.of(
        () -> ledger.beginSend(stale, 1, page.externalId(), "stale-object-" + job.targetId()),
        () -> ledger.beginSend(current, 1, page.externalId(), "current-object-" + job.targetId())));

    assertThat(moved).containsExactly(false, true);
    assertThat(sql.one("select object_id from publish_ledger where target_id = ?", rs -> rs.getString(1),
        job.targetId())).contains("current-object-" + job.targetId());
    assertThat(atOnce(List.of(() -> ledger.sent(stale, "1_stale_" + job.targetId(), null),
        () -> ledger.sent(current, "1_" + job.targetId(), null)))).containsExactly(false, true);
  }

  @Test
  void tenTakesOfOneTargetAtOnceLeaveItToOne() throws Exception {
    JobMessage job = Jobs.job(Account.facebook(), Jobs.text("Delivered ten times"));

    List<Boolean> taken = atOnce(IntStream.range(0, 10).<Callable<Boolean>>mapToObj(i ->
        () -> ledger.take(job, new Lease(job.targetId(), UUID.randomUUID()), LEASE).isPresent()).toList());

    assertThat(taken.stream().filter(t -> t)).hasSize(1);
  }

  @Test
  void aMoveTheDatabaseRefusesFailsItsOwnJobAndTheOthersMove() throws Exception {
    Account page = Account.facebook();
    List<JobMessage> jobs = IntStream.range(0, 20).mapToObj(i -> Jobs.job(page, Jobs.text("Post " + i))).toList();
    List<Lease> leases = new ArrayList<>();
    for (JobMessage job : jobs) {
      var lease = new Lease(job.targetId(), UUID.randomUUID());
      assertThat(ledger.take(job, lease, LEASE)).isPresent();
      leases.add(lease);
    }
    // two targets claiming one unpublished object: the ledger's unique index refuses the second
    String shared = page.externalId() + "_shared";

    List<Object> answers = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var gate = new CountDownLatch(1);
      List<Future<Boolean>> futures = IntStream.range(0, 20).mapToObj(i -> threads.submit(() -> {
        gate.await();
        return ledger.beginSend(leases.get(i), 1, page.externalId(),
            i < 2 ? shared : page.externalId() + "_" + leases.get(i).targetId());
      })).toList();
      gate.countDown();
      for (Future<Boolean> future : futures) {
        try {
          answers.add(future.get());
        } catch (ExecutionException e) {
          answers.add(e.getCause());
        }
      }
    }

    assertThat(answers.subList(2, 20)).containsOnly(true);
    assertThat(answers.subList(0, 2)).satisfiesExactlyInAnyOrder(
        answer -> assertThat(answer).isEqualTo(true),
        answer -> assertThat(answer).isInstanceOf(DataAccessException.class));
    assertThat(sql.count("select count(*) from publish_ledger where target_id = any(?) and state = 'SENDING'",
        jobs.stream().map(JobMessage::targetId).toList())).isEqualTo(19);
  }

  private DistributionSummary summary(String move) {
    return registry.get("herald_ledger_batch_size").tag("move", move).summary();
  }

  /** Runs the calls on threads of their own, released together; answers their answers in order. */
  private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      var gate = new CountDownLatch(1);
      List<Future<T>> futures = calls.stream().map(call -> threads.submit(() -> {
        gate.await();
        return call.call();
      })).toList();
      gate.countDown();
      var answers = new ArrayList<T>();
      for (Future<T> future : futures) {
        answers.add(future.get());
      }
      return answers;
    }
  }
}
