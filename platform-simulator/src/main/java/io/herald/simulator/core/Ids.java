package io.herald.simulator.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and token values in the platforms' styles. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Ids() {}

  /**
   * Where a numeric id sequence starts in this run: {@code base} plus the start time, so ids are never reused by a
   * later run either (as on the real platforms, where an id names one object forever), while Herald keeps its ledger.
   */
  public static long runStart(long base) {
    return base + (System.currentTimeMillis() % 100_000_000_000L) * 1_000;
  }

  /** Random letters and digits. */
  public static String alphanumeric(int length) {
    var chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
    }
    return new String(chars);
  }

  /** Random lowercase hex. */
  public static String hex(int bytes) {
    var buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }

  /** A log or trace id as the platforms print them (uppercase hex with a date-like prefix). */
  public static String logId() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
        .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)) + hex(10).toUpperCase();
  }
}
