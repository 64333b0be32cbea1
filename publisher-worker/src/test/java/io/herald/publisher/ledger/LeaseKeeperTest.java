package io.herald.publisher.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.common.stream.JobMessage;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.support.Jobs;
import io.herald.publisher.support.Jobs.Account;
import io.herald.publisher.support.PlatformFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A running job keeps its target for as long as it runs; a target whose run ended comes free after its lease. */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class LeaseKeeperTest {
  static final Duration SHORT_LEASE = Duration.ofMillis(300);

  @Inject
  Ledger ledger;

  @Inject
  LeaseKeeper leases;

  @Test
  void aRunningJobsLeaseIsRenewedAndAnotherTargetsLeaseLapses() {
    JobMessage running = Jobs.job(Account.facebook(), Jobs.text("A long upload"));
    JobMessage ended = Jobs.job(Account.facebook(), Jobs.text("A run that died"));
    Lease runningLease = new Lease(running.targetId(), UUID.randomUUID());
    assertThat(ledger.take(running, runningLease, SHORT_LEASE)).isPresent();
    assertThat(ledger.take(ended, new Lease(ended.targetId(), UUID.randomUUID()), SHORT_LEASE)).isPresent();

    leases.hold(runningLease);
    try {
      assertThat(leases.renewAll()).isPositive();

      await().atMost(Duration.ofSeconds(5))
          .until(() -> ledger.take(ended, new Lease(ended.targetId(), UUID.randomUUID()), SHORT_LEASE).isPresent());
      assertThat(ledger.take(running, new Lease(running.targetId(), UUID.randomUUID()), SHORT_LEASE)).isEmpty();
    } finally {
      leases.drop(runningLease);
    }
  }
}
