package io.herald.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the simulated login dialogs answer: approve (default) or deny, and optionally as which existing user
 * (so a test can reconnect the same account). Set through {@code PUT /_sim/oauth/{platform}}.
 */
@ApplicationScoped
public class ConsentSwitch {

  /** The dialog behaviour for one platform. */
  public record Consent(boolean deny, String userId) {}

  private final Map<String, Consent> byPlatform = new ConcurrentHashMap<>();

  public void set(String platform, Consent consent) {
    byPlatform.put(platform.toUpperCase(), consent);
  }

  public Optional<Consent> get(String platform) {
    return Optional.ofNullable(byPlatform.get(platform.toUpperCase()));
  }

  public void reset() {
    byPlatform.clear();
  }
}
