package io.herald.common.delivery;

/**
 * What one attempt came to: the status the endpoint answered (null when it did not answer) and, unless it answered
 * 2xx, why it did not count. The error text never repeats the endpoint's body.
 */
public record Attempt(Integer status, String error) {
  public boolean delivered() {
    return error == null;
  }
}
