package io.herald.publisher.publish;

import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A classified platform failure ({@link PlatformError}). Those made from a 5xx answer or from a call that got no
 * answer at all are {@linkplain #isPlatformFault() the platform's fault}: what its circuit breaker counts.
 */
public class PlatformFailure extends RuntimeException {
  private final PlatformError error;
  private final PlatformResponse answer;
  private final boolean platformFault;

  public PlatformFailure(PlatformError error) {
    this(error, null, false, null);
  }

  public PlatformFailure(PlatformError error, Throwable cause) {
    this(error, null, false, cause);
  }

  private PlatformFailure(PlatformError error, PlatformResponse answer, boolean platformFault, Throwable cause) {
    super(error.code() + ": " + error.message(), cause);
    this.error = error;
    this.answer = answer;
    this.platformFault = platformFault;
  }

  /**
   * A platform's error answer to {@code operation}, classified, for the REST clients' exception mappers: an
   * operation marked {@link SideEffect} leaves a lost outcome unknown.
   */
  public static PlatformFailure answered(Response response, Method operation,
      BiFunction<PlatformResponse, Boolean, PlatformError> classifier) {
    PlatformResponse answer = PlatformResponse.read(response);
    PlatformError error = classifier.apply(answer, operation.isAnnotationPresent(SideEffect.class));
    return new PlatformFailure(error, answer, answer.status() >= 500, null);
  }

  /** The call got no answer: a timeout or a lost connection. */
  public static PlatformFailure unanswered(PlatformError error, Throwable cause) {
    return new PlatformFailure(error, null, true, cause);
  }

  public PlatformError error() {
    return error;
  }

  /** The error answer, when the platform gave one. */
  public Optional<PlatformResponse> answer() {
    return Optional.ofNullable(answer);
  }

  /** A 5xx answer or none at all: the platform is unwell, not refusing this request. */
  public boolean isPlatformFault() {
    return platformFault;
  }
}
