package io.herald.publisher.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Recovery timers short enough for tests: abandoned entries are claimed after 1 s and dead-lettered past two
 * deliveries; the Facebook breaker opens after 4 failed calls out of 4 and half-opens after 5 s.
 */
public class FastRecoveryProfile implements QuarkusTestProfile {
  public static final String FACEBOOK_BREAKER = "quarkus.fault-tolerance.\"facebook\"";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "herald.publisher.claim.min-idle", "1s",
        "herald.publisher.claim.interval", "300ms",
        "herald.publisher.claim.max-deliveries", "2",
        FACEBOOK_BREAKER + ".circuit-breaker.request-volume-threshold", "4",
        FACEBOOK_BREAKER + ".circuit-breaker.failure-ratio", "1.0",
        FACEBOOK_BREAKER + ".circuit-breaker.delay", "5000",
        FACEBOOK_BREAKER + ".circuit-breaker.delay-unit", "millis",
        "herald.publisher.retry.max-tries", "50");
  }
}
