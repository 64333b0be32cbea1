package io.herald.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwtResource;
import io.herald.publisher.credentials.Credentials;
import io.herald.publisher.facebook.FacebookClient;
import io.herald.publisher.support.PlatformFakes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A breaker's metrics cost the same memory after many calls as after one. SmallRye Fault Tolerance 6.10.1 keeps one
 * metrics collector per call of a method that applies a guard with {@code @ApplyGuard} (about 0.5 kB per published
 * post, never freed: the worker's heap filled in the footprint benchmark); the client wrappers call through the guard
 * instead ({@link Breakers#call}). The collectors are counted where the library keeps them, in the guard's
 * {@code DelegatingMetricsCollector}.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class BreakerMetricsTest {
  @Inject
  FacebookClient facebook;

  @Inject
  @Identifier(Breakers.FACEBOOK)
  Guard breaker;

  @Inject
  CircuitBreakerMaintenance breakers;

  @Test
  void aThousandGraphCallsKeepOneMetricsCollectorPerBreaker() {
    var page = new Credentials(UUID.randomUUID(), UUID.randomUUID(), Platform.FACEBOOK, "page-metrics", "EAAtoken",
        Instant.now().plusSeconds(3600));
    for (int i = 0; i < 1000; i++) {
      // WireMock knows no such object: a Graph refusal, which the breaker counts in its metrics but not as a fault
      String missing = "missing-" + i % 2;
      catchThrowable(() -> facebook.read(page, missing, "id"));
      if (i % 100 == 0) {
        breakers.resetAll();
      }
    }

    List<Map<?, ?>> caches = collectorCaches(breaker);
    assertThat(caches).as("the guard's metrics collector caches").isNotEmpty();
    assertThat(caches).allSatisfy(cache -> assertThat(cache.size()).isLessThanOrEqualTo(1));
  }

  /** Every {@code cache} map of a {@code DelegatingMetricsCollector} reachable from the guard. */
  private static List<Map<?, ?>> collectorCaches(Object root) {
    var found = new ArrayList<Map<?, ?>>();
    walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), found, 0);
    return found;
  }

  private static void walk(Object node, Set<Object> seen, List<Map<?, ?>> found, int depth) {
    if (node == null || depth > 12 || !seen.add(node) || !node.getClass().getName().startsWith("io.smallrye")) {
      return;
    }
    for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          field.setAccessible(true);
          value = field.get(node);
        } catch (ReflectiveOperationException | RuntimeException e) {
          continue;
        }
        if (type.getSimpleName().equals("DelegatingMetricsCollector") && value instanceof Map<?, ?> map) {
          found.add(map);
        } else {
          walk(value, seen, found, depth + 1);
        }
      }
    }
  }
}
