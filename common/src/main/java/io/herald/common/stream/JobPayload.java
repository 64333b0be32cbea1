package io.herald.common.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What to publish: the {@code payload} field of a job, as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobPayload(String text, String link, List<Media> media, PlatformOptions options) {
  public JobPayload {
    media = media == null ? List.of() : List.copyOf(media);
    options = options == null ? PlatformOptions.NONE : options;
  }
}
