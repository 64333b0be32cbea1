package io.herald.auth.auth;

import io.herald.auth.config.AuthConfig;
import io.herald.common.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Password rules (length, not trivially guessable) and hashing (bcrypt, cost 12). */
@ApplicationScoped
public class PasswordPolicy {
  static final int BCRYPT_COST = 12;
  /** bcrypt only reads the first 72 bytes; longer passwords would silently be truncated. */
  static final int MAX_BYTES = 72;
  private static final Set<String> COMMON = Set.of(
      "password", "passw0rd", "123456789", "qwerty", "letmein", "welcome", "iloveyou", "admin", "abc123",
      "monkey", "dragon", "sunshine", "football", "baseball", "princess", "trustno1", "changeme", "secret");
  /** A valid hash to compare against when the email is unknown, so the answer takes as long either way. */
  private static final String DUMMY_HASH = BcryptUtil.bcryptHash("not-a-real-password-000", BCRYPT_COST);

  private final int minLength;

  PasswordPolicy(AuthConfig.Login config) {
    this.minLength = config.minPasswordLength();
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
    return BcryptUtil.bcryptHash(password, BCRYPT_COST);
  }

  /** Checks a password against a stored hash; with no hash (unknown user) it still spends the same time. */
  public boolean matches(String password, String hash) {
    boolean matches = BcryptUtil.matches(password, hash == null ? DUMMY_HASH : hash);
    return hash != null && matches;
  }
}
