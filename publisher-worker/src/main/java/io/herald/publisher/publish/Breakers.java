package io.herald.publisher.publish;

import static java.time.temporal.ChronoUnit.SECONDS;

import io.herald.publisher.credentials.AccountNotFoundException;
import io.herald.publisher.credentials.NeedsReauthException;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.apiimpl.LazyGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Supplier;

/**
 * The circuit breakers of the worker's remote dependencies, one each: {@value #FACEBOOK}, {@value #TIKTOK},
 * {@value #AUTH_SERVICE}. Every typed method of a client wrapper shares its dependency's breaker by calling through
 * {@link #call} (a {@code @CircuitBreaker} belongs to one method, and its name must be unique). Not through
 * {@code @ApplyGuard}: SmallRye Fault Tolerance 6.10.1 (Quarkus 3.33.2's) keeps one metrics collector per call of an
 * {@code @ApplyGuard} method for good, about 0.5 kB per published post (fixed in 6.10.2, smallrye-fault-tolerance
 * pull request 1328). Tuned per environment with {@code quarkus.fault-tolerance."<name>".circuit-breaker.*}; made at
 * start, so health data and metrics know each breaker (CLOSED) before its first call.
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
    return configured(FACEBOOK, platform(FACEBOOK));
  }

  @Produces
  @Startup
  @Identifier(TIKTOK)
  @Singleton
  Guard tiktok() {
    return configured(TIKTOK, platform(TIKTOK));
  }

  /** auth-service down or failing: 10 calls, half failed, opens it for 10 s; its definite answers do not count. */
  @Produces
  @Startup
  @Identifier(AUTH_SERVICE)
  @Singleton
  Guard authService() {
    return configured(AUTH_SERVICE, Guard.create().withDescription(AUTH_SERVICE)
        .withCircuitBreaker().name(AUTH_SERVICE).requestVolumeThreshold(10).failureRatio(0.5).delay(10, SECONDS)
        .skipOn(List.of(NeedsReauthException.class, AccountNotFoundException.class)).done()
        .build());
  }

  /**
   * Builds the guard now, with the configuration of its name ({@code quarkus.fault-tolerance."<name>".*} over the
   * defaults above). A CDI guard is built at its first call, and only a call through {@code @ApplyGuard} hands it its
   * name; a guard first called programmatically would be built from the defaults alone.
   */
  private static Guard configured(String name, Guard guard) {
    if (guard instanceof LazyGuard lazy) {
      lazy.instance(name);
    }
    return guard;
  }

  private static Guard platform(String name) {
    return Guard.create().withDescription(name)
        .withCircuitBreaker().name(name).requestVolumeThreshold(10).failureRatio(0.5).delay(30, SECONDS)
        .when(e -> !(e instanceof PlatformFailure f) || f.isPlatformFault()).done()
        .build();
  }

  /**
   * Runs a synchronous call through a breaker: its metrics carry the breaker's name as {@code method}. An open
   * breaker throws {@link org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException}; the call's
   * own exceptions pass through as they are.
   */
  public static <T> T call(Guard breaker, Supplier<T> call) {
    @SuppressWarnings("unchecked")
    Class<T> synchronous = (Class<T>) Object.class;
    return breaker.get(call, synchronous);
  }
}
