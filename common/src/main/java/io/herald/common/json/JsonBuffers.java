package io.herald.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * One pool of Jackson's buffers for every thread. A parser or generator needs buffers of 8 kB and more, and Jackson
 * keeps them by default in a pool per thread. Herald runs each job and each request on a virtual thread of its own,
 * so every parse allocated them anew: in the worker's drain, 4.7 % of all it allocated, most of it reading a job's
 * JSON fields ({@code docs/benchmarks.md}, "Jackson's buffers shared by the virtual threads"). Every mapper Herald
 * uses takes them from {@link #POOL}: the application's through this customizer, and code that runs outside CDI
 * (stream entries, platform answers) through {@link #MAPPER}.
 */
@Singleton
public class JsonBuffers implements ObjectMapperCustomizer {
  /** Buffers handed back after each parse or write, for any thread to take next. */
  public static final RecyclerPool<BufferRecycler> POOL = JsonRecyclerPools.sharedConcurrentDequePool();

  /** The one mapper for code that runs outside CDI, with the modules found on the class path. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().recyclerPool(POOL).build()).findAndAddModules().build();

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.getFactory().setRecyclerPool(POOL);
  }
}
