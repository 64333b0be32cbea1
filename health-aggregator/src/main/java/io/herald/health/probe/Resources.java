package io.herald.health.probe;

import jakarta.persistence.Embeddable;

/**
 * What a service uses, read from its Prometheus metrics; each value is null when the service does not expose it.
 * Stored with each sample (all null: none).
 *
 * @param cpuUsage       {@code process_cpu_usage}, 0..1 of the CPUs the JVM sees
 * @param heapUsedBytes  sum of {@code jvm_memory_used_bytes{area="heap"}}
 * @param heapMaxBytes   sum of {@code jvm_memory_max_bytes{area="heap"}} over the pools that declare a maximum
 * @param rssBytes       {@code process_resident_memory_bytes}
 * @param diskFreeBytes  {@code disk_free_bytes}
 * @param diskTotalBytes {@code disk_total_bytes}
 */
@Embeddable
public record Resources(
    Double cpuUsage, Long heapUsedBytes, Long heapMaxBytes, Long rssBytes, Long diskFreeBytes, Long diskTotalBytes) {

  public static final Resources NONE = new Resources(null, null, null, null, null, null);
}
