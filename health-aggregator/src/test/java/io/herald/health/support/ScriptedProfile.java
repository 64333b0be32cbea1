package io.herald.health.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The services the API, alert and probe tests watch; each test owns one of them. */
public class ScriptedProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(WatchedServices.class, Map.of("services", "scripted,alerting,probed,purged")));
  }
}
