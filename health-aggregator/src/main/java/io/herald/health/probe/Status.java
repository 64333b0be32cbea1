package io.herald.health.probe;

/** What one probe of a target concluded. SmallRye Health only knows UP and DOWN; anything else reads as DOWN. */
public enum Status {
  UP, DOWN;

  public static Status of(String value) {
    return "UP".equalsIgnoreCase(value) ? UP : DOWN;
  }
}
