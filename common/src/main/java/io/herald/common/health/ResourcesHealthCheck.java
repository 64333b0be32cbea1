package io.herald.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Heap and disk usage against their thresholds, as readiness check data. Always UP: a filling heap or disk is for
 * an operator (the health-aggregator's page, Prometheus alerts) to act on, not a reason to take the pod out of
 * its Service.
 */
@Readiness
@ApplicationScoped
public class ResourcesHealthCheck implements HealthCheck {
  private final ResourcesConfig config;

  ResourcesHealthCheck(ResourcesConfig config) {
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    double heapUsed = (double) heap.getUsed() / (heap.getMax() > 0 ? heap.getMax() : heap.getCommitted());
    File disk = new File(config.diskPath());
    double diskUsed = disk.getTotalSpace() > 0 ? 1 - (double) disk.getUsableSpace() / disk.getTotalSpace() : 0;
    return HealthCheckResponse.named("resources").up()
        .withData("heapUsedPercent", percent(heapUsed))
        .withData("heapThresholdPercent", percent(config.heapThreshold()))
        .withData("heap", heapUsed > config.heapThreshold() ? "over threshold" : "ok")
        .withData("diskUsedPercent", percent(diskUsed))
        .withData("diskThresholdPercent", percent(config.diskThreshold()))
        .withData("disk", diskUsed > config.diskThreshold() ? "over threshold" : "ok")
        .build();
  }

  private static long percent(double share) {
    return Math.round(share * 100);
  }
}
