package io.herald.common.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Thresholds of the {@code resources} readiness data ({@code herald.resources.*}). */
@ConfigMapping(prefix = "herald.resources")
public interface ResourcesConfig {
  /** Share of the maximum heap above which the heap is reported over its threshold. */
  @WithDefault("0.9")
  double heapThreshold();

  /** Share of the disk holding {@link #diskPath()} above which the disk is reported over its threshold. */
  @WithDefault("0.9")
  double diskThreshold();

  /** A path on the disk to watch (temporary files, e.g. TikTok uploads, are written there). */
  @WithDefault("${java.io.tmpdir}")
  String diskPath();
}
