package io.herald.simulator.control;

/**
 * A mistake in a call to the simulator's own API (the control API under {@code /_sim}, the media files), answered
 * by {@link ControlErrorMappers}. Platform endpoints never use it: they answer in the platforms' own formats.
 */
public class ControlException extends RuntimeException {
  final int status;
  final String field;

  private ControlException(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  /** 422: a field of the request is missing or out of its range. */
  public static ControlException invalid(String field, String message) {
    return new ControlException(422, field, field + " " + message);
  }

  /** 404: what the call names does not exist. */
  public static ControlException notFound(String what) {
    return new ControlException(404, null, what + " was not found");
  }
}
