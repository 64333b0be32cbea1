package io.herald.publisher.publish;

/** Thrown by the platform publishers with a classified {@link PlatformError}. */
public class PlatformFailure extends RuntimeException {
  private final PlatformError error;

  public PlatformFailure(PlatformError error) {
    super(error.code() + ": " + error.message());
    this.error = error;
  }

  public PlatformFailure(PlatformError error, Throwable cause) {
    super(error.code() + ": " + error.message(), cause);
    this.error = error;
  }

  public PlatformError error() {
    return error;
  }
}
