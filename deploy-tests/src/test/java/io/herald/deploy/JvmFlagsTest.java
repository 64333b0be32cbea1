package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.deploy.Deploy.Render;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The services' JVM flags are one string: the ConfigMap's JAVA_TOOL_OPTIONS (compose's herald.env is the same,
 * ComposeTest), the local launcher's default and each service image's GC_CONTAINER_OPTIONS + JAVA_OPTS_APPEND carry
 * the same flags. Only the heap's size differs by its nature: fixed in the launcher, a share of the container's memory
 * limit elsewhere; the images add system properties of their own.
 */
class JvmFlagsTest {
  private static final Pattern SIZING = Pattern.compile("-Xm[sx].*|-XX:(Initial|Max)RAMPercentage=.*|-D.*");

  @Test
  void theLauncherTheConfigMapAndTheImagesShipTheSameFlags() {
    String configMap = Deploy.find(Deploy.render(Render.BASE), "ConfigMap", "herald-config").orElseThrow()
        .at("/data/JAVA_TOOL_OPTIONS").asText();
    List<String> flags = flags(configMap);
    assertThat(flags).contains("-XX:+UseSerialGC", "-XX:-TieredCompilation");

    Matcher launcher = Pattern.compile("java_opts=\"\\$\\{HERALD_JAVA_OPTS:-([^}]*)}\"")
        .matcher(Deploy.read(Deploy.DEPLOY.resolve("local/run.sh")));
    assertThat(launcher.find()).as("deploy/local/run.sh sets java_opts from HERALD_JAVA_OPTS").isTrue();
    assertThat(flags(launcher.group(1))).as("the launcher's default flags").isEqualTo(flags);

    for (String service : Deploy.SERVICES) {
      if (service.equals("platform-simulator")) {
        continue; // not a Herald service: the platforms it stands in for, with flags of its own
      }
      String dockerfile = Deploy.read(Deploy.ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm"));
      assertThat(flags(env(dockerfile, "GC_CONTAINER_OPTIONS") + " " + env(dockerfile, "JAVA_OPTS_APPEND")))
          .as(service + "'s image").isEqualTo(flags);
    }
  }

  private static List<String> flags(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(f -> !SIZING.matcher(f).matches()).toList();
  }

  private static String env(String dockerfile, String name) {
    Matcher m = Pattern.compile("^ENV " + name + "=\"([^\"]*)\"$", Pattern.MULTILINE).matcher(dockerfile);
    assertThat(m.find()).as("ENV " + name).isTrue();
    return m.group(1);
  }
}
