package io.herald.health.support;

/** SmallRye Health answers as the watched services give them. */
public final class HealthBodies {
  private HealthBodies() {}

  public static String up() {
    return """
        {"status":"UP","checks":[
          {"name":"Database connections health check","status":"UP","data":{"<default>":"UP"}},
          {"name":"redis","status":"UP","data":{"streamLag":3,"pending":0}}]}""";
  }

  public static String down(String failedCheck) {
    return """
        {"status":"DOWN","checks":[
          {"name":"%s","status":"DOWN","data":{"error":"Connection refused"}},
          {"name":"redis","status":"UP","data":{"streamLag":3,"pending":0}}]}""".formatted(failedCheck);
  }
}
