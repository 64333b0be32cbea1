package io.herald.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {
  @Test
  void theApplicationsMapperAndTheOnesOutsideCdiTakeTheSharedPool() {
    var application = new ObjectMapper();
    new JsonBuffers().customize(application);

    assertThat(application.getFactory()._getRecyclerPool()).isSameAs(JsonBuffers.POOL);
    assertThat(JsonBuffers.MAPPER.getFactory()._getRecyclerPool()).isSameAs(JsonBuffers.POOL);
  }

  @Test
  void parsesOnFreshVirtualThreadsReuseTheBuffersInsteadOfAllocatingTheirOwn() throws InterruptedException {
    ObjectMapper mapper = JsonBuffers.MAPPER;
    int before = JsonBuffers.POOL.pooledCount();
    var last = new AtomicReference<JsonNode>();

    for (int i = 0; i < 20; i++) {
      String json = "{\"page_id\":\"" + i + "\",\"text\":\"a post\"}";
      Thread.ofVirtual().start(() -> last.set(parse(mapper, json))).join();
    }

    assertThat(last.get().get("page_id").asText()).isEqualTo("19");
    // one set of buffers, taken and handed back by each thread in turn: not one set per thread
    assertThat(JsonBuffers.POOL.pooledCount()).isBetween(1, Math.max(before, 1));
  }

  private static JsonNode parse(ObjectMapper mapper, String json) {
    try {
      return mapper.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
