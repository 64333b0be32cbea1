package io.herald.auth.auth;

import io.herald.auth.config.AuthConfig;
import io.herald.common.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Password rules (length, not trivially guessable) and hashing (bcrypt, {@code herald.login.password-hash-cost}). */
@ApplicationScoped
public class PasswordPolicy {
  /** bcrypt only reads the first 72 bytes; longer passwords would silently be truncated. */
  static final int MAX_BYTES = 72;
  private static final Set<String> COMMON = Set.of(
      "password", "passw0rd", "123456789", "qwerty", "letmein", "welcome", "iloveyou", "admin", "abc123",
      "monkey", "dragon", "sunshine", "football", "baseball", "princess", "trustno1", "changeme", "secret");

  private final int minLength;
  private final int cost;
  /** A valid hash to compare against when the email is unknown, so the answer takes as long either way. */
  private final String dummyHash;

  PasswordPolicy(AuthConfig.Login config) {
    this.minLength = config.minPasswordLength();
    this.cost = config.passwordHashCost();
    this.dummyHash = BcryptUtil.bcryptHash("not-a-real-password-000", cost);
  }

  /** Refuses a weak password with a 422 naming the rule it breaks. */
  public void check(String password, String email) {
    if (password.length() < minLength) {
      throw ProblemException.invalid("password", "must be at least " + minLength + " characters long");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw ProblemException.invalid("password", "must be at most " + MAX_BYTES + " bytes long");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (password.chars().distinct().count() < 5) {
      throw ProblemException.invalid("password", "is too weak: it needs at least 5 different characters");
    }
    if (COMMON.stream().anyMatch(lower::contains)) {
      throw ProblemException.invalid("password", "is too weak: it contains a commonly used password");
    }
    String local = email == null ? "" : email.split("@")[0].toLowerCase(Locale.ROOT);
    if (local.length() >= 4 && lower.contains(local)) {
      throw ProblemException.invalid("password", "is too weak: it contains your email address");
    }
  }

  public String hash(String password) {
    return BcryptUtil.bcryptHash(password, cost);
  }

  /** Checks a password against a stored hash; with no hash (unknown user) it still spends the same time. */
  public boolean matches(String password, String hash) {
    boolean matches = BcryptUtil.matches(password, hash == null ? dummyHash : hash);
    return hash != null && matches;
  }
}
