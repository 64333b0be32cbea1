package io.herald.common.stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Test support: loads the versioned stream-contract fixtures ({@code contract/v1/*.json}) that both sides of a stream
 * test against.
 */
public final class ContractFixtures {
  public static final List<String> JOBS = List.of("job-facebook-link.json", "job-tiktok-video.json",
      "job-facebook-resend-confirmed.json", "job-facebook-edit.json");
  public static final List<String> RESULTS = List.of("result-published.json", "result-failed.json",
      "result-unknown-outcome.json", "result-deleted.json");

  private ContractFixtures() {}

  public static Map<String, String> load(String name) {
    try (InputStream in = ContractFixtures.class.getResourceAsStream("/contract/v1/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No contract fixture " + name);
      }
      return new ObjectMapper().readValue(in, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
