package io.herald.health.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Herald's own services, for the status page, concurrency and liveness tests. */
public class StatusPageProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(
        WatchedServices.class, Map.of("services", "auth-service,content-service,publisher-worker")));
  }
}
