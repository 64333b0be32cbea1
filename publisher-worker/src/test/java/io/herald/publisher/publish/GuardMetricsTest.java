package io.herald.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.faulttolerance.core.FaultToleranceContext;
import io.smallrye.faulttolerance.core.FaultToleranceStrategy;
import io.smallrye.faulttolerance.core.Future;
import io.smallrye.faulttolerance.core.metrics.DelegatingMetricsCollector;
import io.smallrye.faulttolerance.core.metrics.MeteredOperation;
import io.smallrye.faulttolerance.core.metrics.MeteredOperationName;
import io.smallrye.faulttolerance.core.metrics.MetricsProvider;
import io.smallrye.faulttolerance.core.metrics.MetricsRecorder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a breaker shared through {@code @ApplyGuard} ({@link Breakers}) cost the same memory after a million
 * calls as after one: one metrics recorder per guarded method, not one per call (SmallRye Fault Tolerance 6.10.1 made
 * one per call and kept it; the worker carries the fix, see its DelegatingMetricsCollector).
 */
class GuardMetricsTest {

  @Test
  void aGuardedMethodCalledManyTimesKeepsOneRecorderPerMethod() throws Throwable {
    var recorders = new AtomicInteger();
    MetricsProvider provider = new MetricsProvider() {
      @Override
      public boolean isEnabled() {
        return true;
      }

      @Override
      public MetricsRecorder create(MeteredOperation operation) {
        recorders.incrementAndGet();
        return MetricsRecorder.NOOP;
      }
    };
    FaultToleranceStrategy<String> call = FaultToleranceContext::call;
    var metrics = new DelegatingMetricsCollector<>(call, provider, new Operation(Breakers.FACEBOOK));

    for (int i = 0; i < 1000; i++) {
      for (String method : new String[] {"FacebookClient.createPost", "FacebookClient.publish"}) {
        var ctx = new FaultToleranceContext<String>(() -> Future.of("done"), false);
        ctx.set(MeteredOperationName.class, new MeteredOperationName("io.herald.publisher.facebook." + method));
        assertThat(metrics.apply(ctx).awaitBlocking()).isEqualTo("done");
      }
    }

    assertThat(recorders).hasValue(2);
  }

  /** A guard with a circuit breaker and metrics, as {@link Breakers} makes them. */
  private record Operation(String name) implements MeteredOperation {
    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public boolean mayBeAsynchronous() {
      return false;
    }

    @Override
    public boolean hasBulkhead() {
      return false;
    }

    @Override
    public boolean hasCircuitBreaker() {
      return true;
    }

    @Override
    public boolean hasFallback() {
      return false;
    }

    @Override
    public boolean hasRateLimit() {
      return false;
    }

    @Override
    public boolean hasRetry() {
      return false;
    }

    @Override
    public boolean hasTimeout() {
      return false;
    }

    @Override
    public Object cacheKey() {
      return this;
    }
  }
}
