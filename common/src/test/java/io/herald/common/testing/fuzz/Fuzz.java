package io.herald.common.testing.fuzz;

import org.jboss.logging.Logger;
import java.util.ArrayList;
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
 * sets the number of tries per endpoint (each suite has its own default), and {@code -Dherald.fuzz.runs=...} runs the
 * suite that many times with a fresh seed each, in one start of the service (a longer hunt: every run goes on after
 * another run's failure, and the failing seeds are named together at the end).
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

  /**
   * Runs {@code suite} with a logged seed ({@code herald.fuzz.seed} if set) and a random source made from it; with
   * {@code herald.fuzz.runs} (and no seed set), that many times, each with a fresh seed. {@code suite} must not
   * depend on an earlier run (each run makes its own tenant, say).
   */
  public static void run(String suiteName, BiConsumer<Random, Long> suite) {
    Long fixed = Long.getLong("herald.fuzz.seed");
    int runs = fixed != null ? 1 : Math.max(1, Integer.getInteger("herald.fuzz.runs", 1));
    var failed = new ArrayList<Long>();
    var errors = new ArrayList<Throwable>();
    for (int run = 1; run <= runs; run++) {
      long seed = fixed != null ? fixed : new Random().nextLong();
      LOG.infof("%s: fuzz seed %d (replay with -Dherald.fuzz.seed=%d)%s", suiteName, seed, seed,
          runs == 1 ? "" : ", run " + run + " of " + runs);
      try {
        runOnce(suite, seed);
      } catch (AssertionError | RuntimeException e) {
        if (runs == 1) {
          throw e;
        }
        LOG.errorf(e, "%s: fuzz seed %d failed", suiteName, seed);
        failed.add(seed);
        errors.add(e);
      }
    }
    if (!failed.isEmpty()) {
      var error = new AssertionError(suiteName + ": " + failed.size() + " of " + runs + " fuzz seeds failed: "
          + failed);
      errors.forEach(error::addSuppressed);
      throw error;
    }
    if (runs > 1) {
      LOG.infof("%s: all %d fuzz seeds passed", suiteName, runs);
    }
  }

  private static void runOnce(BiConsumer<Random, Long> suite, long seed) {
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
