package io.herald.common.testing.fuzz;

import org.jboss.logging.Logger;
import java.util.Random;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Runs a fuzz suite inside a Jupiter {@code @QuarkusTest}: jqwik's {@code @Property} methods run on jqwik's own
 * engine, which does not start Quarkus (Quarkus' test support is a JUnit Jupiter extension), so the suites draw from
 * jqwik's {@code Arbitrary} generators themselves, inside a jqwik session, with one seed for the whole run.
 *
 * <p>The seed is logged at start; {@code -Dherald.fuzz.seed=...} replays a run, {@code -Dherald.fuzz.tries=...}
 * sets the number of tries per endpoint (each suite has its own default).
 */
public final class Fuzz {
  /** The size jqwik's generators are asked for (large enough for the long strings and lists). */
  private static final int GEN_SIZE = 1000;
  // Not io.quarkus.logging.Log: this class is in a test-jar that Quarkus does not transform.
  private static final Logger LOG = Logger.getLogger(Fuzz.class);

  private Fuzz() {}

  /** Tries per endpoint: {@code herald.fuzz.tries} if set, else the suite's default. */
  public static int tries(int suiteDefault) {
    return Integer.getInteger("herald.fuzz.tries", suiteDefault);
  }

  /** Runs {@code suite} with a logged seed ({@code herald.fuzz.seed} if set) and a random source made from it. */
  public static void run(String suiteName, BiConsumer<Random, Long> suite) {
    long seed = Long.getLong("herald.fuzz.seed", new Random().nextLong());
    LOG.infof("%s: fuzz seed %d (replay with -Dherald.fuzz.seed=%d)", suiteName, seed, seed);
    // Generators need jqwik's lifecycle: outside a @Property, a session provides it.
    JqwikSession.start();
    try {
      suite.accept(new Random(seed), seed);
    } finally {
      JqwikSession.finish();
    }
  }

  /** One value of {@code arbitrary}, drawn from {@code random} (so a seed replays the same values). */
  public static <T> T draw(Arbitrary<T> arbitrary, Random random) {
    return arbitrary.generator(GEN_SIZE).next(random).value();
  }

  /** A value short enough for a failure message. */
  public static String abbreviate(String value) {
    return value.length() <= 300 ? value : value.substring(0, 300) + "…(" + value.length() + ")";
  }
}
