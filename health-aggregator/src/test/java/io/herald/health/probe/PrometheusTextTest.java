package io.herald.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  @Test
  void readsResourcesFromTheExpositionFormat() {
    String text = """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1048576.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
        jvm_memory_max_bytes{area="heap",id="G1 Survivor Space"} -1.0
        jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 4.194304E6
        process_cpu_usage 0.5
        http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",\
        uri="/a,\\"b\\"}"} 3.0 1700000000000
        disk_free_bytes{path="/"} 100.0
        disk_total_bytes{path="/"} 400.0
        """;
    Resources r = PrometheusText.resources(text);
    assertThat(r).isEqualTo(new Resources(0.5, 3_145_728L, 4_194_304L, null, 100L, 400L));
    assertThat(PrometheusText.parse(text)).anySatisfy(line -> {
      assertThat(line.name()).isEqualTo("http_server_requests_seconds_count");
      assertThat(line.labels()).containsEntry("uri", "/a,\"b\"}").containsEntry("status", "200");
      assertThat(line.value()).isEqualTo(3.0);
    });
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(PrometheusText.resources("garbage {\nprocess_cpu_usage not-a-number\n")).isEqualTo(Resources.NONE);
  }
}
