package io.herald.common.stream;

/** One media item of a post, by URL. */
public record Media(Type type, String url) {
  public enum Type {
    IMAGE,
    VIDEO
  }
}
