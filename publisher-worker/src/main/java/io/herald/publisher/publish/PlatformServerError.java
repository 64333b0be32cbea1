package io.herald.publisher.publish;

/**
 * A platform answered 5xx. Thrown inside the guarded client so the circuit breaker counts it; the publishers
 * classify the answer it carries.
 */
public class PlatformServerError extends RuntimeException {
  private final PlatformResponse response;

  public PlatformServerError(PlatformResponse response) {
    super("Platform answered HTTP " + response.status());
    this.response = response;
  }

  public PlatformResponse response() {
    return response;
  }
}
