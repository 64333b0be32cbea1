package io.herald.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ResourcesHealthCheckTest {

  @Test
  void usageUnderItsThresholdsIsOk() {
    var data = check(1.0, 1.0).getData().orElseThrow();
    assertThat(data).containsEntry("heap", "ok").containsEntry("disk", "ok")
        .containsEntry("heapThresholdPercent", 100L);
    assertThat((Long) data.get("heapUsedPercent")).isBetween(0L, 100L);
  }

  @Test
  void usageOverAThresholdIsReportedButTheCheckStaysUp() {
    HealthCheckResponse response = check(0.0, 0.0);
    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData().orElseThrow())
        .containsEntry("heap", "over threshold").containsEntry("disk", "over threshold");
  }

  private static HealthCheckResponse check(double heapThreshold, double diskThreshold) {
    return new ResourcesHealthCheck(new ResourcesConfig() {
      @Override
      public double heapThreshold() {
        return heapThreshold;
      }

      @Override
      public double diskThreshold() {
        return diskThreshold;
      }

      @Override
      public String diskPath() {
        return System.getProperty("java.io.tmpdir");
      }
    }).call();
  }
}
