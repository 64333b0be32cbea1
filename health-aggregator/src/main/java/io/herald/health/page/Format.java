package io.herald.health.page;

import io.herald.health.alert.AlertService;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.util.Locale;

/** How numbers read on the status page. */
@TemplateExtension(namespace = "fmt")
public final class Format {
  private Format() {}

  /** 0.99912 -> "99.91%", null -> "–". */
  static String percent(Double ratio) {
    return ratio == null || ratio.isNaN() ? "–" : String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  /** 123456789 -> "117.7 MiB". */
  static String bytes(Long bytes) {
    if (bytes == null) {
      return "–";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  }

  static String duration(Long seconds) {
    return seconds == null ? "–" : AlertService.human(Duration.ofSeconds(seconds));
  }

  static String duration(long seconds) {
    return AlertService.human(Duration.ofSeconds(seconds));
  }

  static String ratioColor(String status) {
    return switch (status) {
      case "UP" -> "up";
      case "DOWN" -> "down";
      case "PARTIAL" -> "partial";
      default -> "nodata";
    };
  }
}
