package io.smallrye.faulttolerance.core.metrics;

import io.smallrye.faulttolerance.core.FaultToleranceContext;
import io.smallrye.faulttolerance.core.FaultToleranceStrategy;
import io.smallrye.faulttolerance.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SmallRye Fault Tolerance 6.10.1's metrics step of a programmatic guard, with the fix of 6.10.2
 * (smallrye-fault-tolerance pull requests 1325/1328, in Quarkus 3.33's next release): the collectors are cached by
 * {@link MeteredOperation#cacheKey()}. 6.10.1 cached them by a {@link DelegatingMeteredOperation} made anew for every
 * call of a method that applies a guard ({@code @ApplyGuard}, as the worker's platform and auth-service clients do),
 * so it kept one collector per call for good: some 700 bytes per published post, the worker's heap filling until it
 * ran out (docs/benchmarks.md, "Footprint"). This class replaces the library's own
 * ({@code quarkus.class-loading.removed-resources} in application.properties); delete both once the Quarkus BOM brings
 * SmallRye Fault Tolerance 6.10.2 or later.
 */
public class DelegatingMetricsCollector<V> implements FaultToleranceStrategy<V> {
  private final FaultToleranceStrategy<V> delegate;
  private final MetricsProvider provider;
  private final MeteredOperation originalOperation;
  private final ConcurrentMap<Object, MetricsCollector<V>> cache = new ConcurrentHashMap<>();

  public DelegatingMetricsCollector(FaultToleranceStrategy<V> delegate, MetricsProvider provider,
      MeteredOperation originalOperation) {
    this.delegate = delegate;
    this.provider = provider;
    this.originalOperation = originalOperation;
  }

  @Override
  public Future<V> apply(FaultToleranceContext<V> ctx) {
    MeteredOperationName name = ctx.get(MeteredOperationName.class);
    MeteredOperation operation = name != null
        ? new DelegatingMeteredOperation(originalOperation, name.get())
        : originalOperation;
    FaultToleranceStrategy<V> next = operation.enabled()
        ? cache.computeIfAbsent(operation.cacheKey(),
            key -> new MetricsCollector<>(delegate, provider.create(operation), operation))
        : delegate;
    return next.apply(ctx);
  }
}
