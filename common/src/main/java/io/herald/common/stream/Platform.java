package io.herald.common.stream;

/** The platforms Herald publishes to. */
public enum Platform {
  FACEBOOK,
  TIKTOK
}
