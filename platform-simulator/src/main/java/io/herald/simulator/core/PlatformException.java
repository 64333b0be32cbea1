package io.herald.simulator.core;

import jakarta.ws.rs.core.Response;

/** A failure answered in the platform's own documented error shape (never problem+json). */
public abstract class PlatformException extends RuntimeException {

  protected PlatformException(String message) {
    super(message, null, false, false);
  }

  /** The platform's answer for this failure. */
  public abstract Response toResponse();
}
