package io.herald.content.security;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.CompletableFuture;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller tokens this replica verified, kept a short while ({@code quarkus.cache.caffeine."verified-tokens".*}):
 * a client sends the same bearer token with every request of its 15-minute life, and parsing and RS256-verifying it
 * each time was a tenth of a create's CPU and a third of its allocations (docs/architecture.md, "What each
 * content step commits"). A token is looked up by its exact text, so only the very token that was verified is taken
 * from here, and never past its {@code exp} (with the clock skew the verifier allows); anything not cached is
 * verified as before (smallrye-jwt's {@link DefaultJWTParser}). Replaces the default {@link JWTParser} bean, which
 * Quarkus' bearer-token authentication uses.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {
  private final JWTAuthContextInfo context;
  private final JWTParser verifier;
  private final CaffeineCache verified;

  VerifiedTokens(JWTAuthContextInfo context, @CacheName("verified-tokens") Cache verified) {
    this.context = context;
    this.verifier = new DefaultJWTParser(context);
    this.verified = verified.as(CaffeineCache.class);
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    // non-blocking on purpose: authentication may run on an event-loop thread
    CompletableFuture<JsonWebToken> cached = verified.getIfPresent(token);
    JsonWebToken known = cached == null ? null : cached.getNow(null);
    if (known != null && stillValid(known)) {
      return known;
    }
    JsonWebToken fresh = verifier.parse(token);
    verified.put(token, CompletableFuture.completedFuture(fresh));
    return fresh;
  }

  /** Whether the verifier would still take the token: before its expiry plus the allowed clock skew. */
  private boolean stillValid(JsonWebToken token) {
    return System.currentTimeMillis() / 1000 < token.getExpirationTime() + context.getClockSkew();
  }

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return verifier.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return verifier.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return verifier.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return verifier.parseOnly(token);
  }
}
