package io.herald.publisher.publish;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.herald.publisher.credentials.AccountNotFoundException;
import io.herald.publisher.credentials.NeedsReauthException;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The circuit breakers of the worker's remote dependencies, one each: {@value #FACEBOOK}, {@value #TIKTOK},
 * {@value #AUTH_SERVICE}. Every typed method of a client wrapper shares its dependency's breaker through
 * {@code @ApplyGuard} (a {@code @CircuitBreaker} belongs to one method, and its name must be unique). Tuned per
 * environment with {@code quarkus.fault-tolerance."<name>".circuit-breaker.*}; made at start, so health data and
 * metrics know each breaker (CLOSED) before its first call.
 */
@Singleton
public class Breakers {
  public static final String FACEBOOK = "facebook";
  public static final String TIKTOK = "tiktok";
  public static final String AUTH_SERVICE = "auth-service";

  /** 10 calls, half of them the platform's fault (5xx, no answer), opens it for 30 s; refusals do not count. */
  @Produces
  @Startup
  @Identifier(FACEBOOK)
  @Singleton
  Guard facebook() {
    return platform(FACEBOOK);
  }

  @Produces
  @Startup
  @Identifier(TIKTOK)
  @Singleton
  Guard tiktok() {
    return platform(TIKTOK);
  }

  /** auth-service down or failing: 10 calls, half failed, opens it for 10 s; its definite answers do not count. */
  @Produces
  @Startup
  @Identifier(AUTH_SERVICE)
  @Singleton
  Guard authService() {
    return Guard.create().withDescription(AUTH_SERVICE)
        .withCircuitBreaker().name(AUTH_SERVICE).requestVolumeThreshold(10).failureRatio(0.5).delay(10, SECONDS)
        .skipOn(List.of(NeedsReauthException.class, AccountNotFoundException.class)).done()
        .build();
  }

  private static Guard platform(String name) {
    return Guard.create().withDescription(name)
        .withCircuitBreaker().name(name).requestVolumeThreshold(10).failureRatio(0.5).delay(30, SECONDS)
        .when(e -> !(e instanceof PlatformFailure f) || f.isPlatformFault()).done()
        .build();
  }
}
