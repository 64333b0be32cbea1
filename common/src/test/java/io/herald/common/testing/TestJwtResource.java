package io.herald.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes a service under test verify JWTs against {@link TestJwt}'s key instead of a running auth-service. */
public class TestJwtResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of(
        "mp.jwt.verify.publickey.location", TestJwt.jwksFile().toUri().toString(),
        "mp.jwt.verify.issuer", TestJwt.ISSUER);
  }

  @Override
  public void stop() {}
}
