package io.herald.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRequestBodiesTest {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Body(String message, String link, List<String> attachedMedia, boolean published) {}

  private final JsonRequestBodies writer = new JsonRequestBodies(new ObjectMapper());

  @Test
  void aBodyIsWrittenAsTheMapperAndItsAnnotationsSay() throws IOException {
    var out = new ByteArrayOutputStream();
    var body = new Body("héllo", null, List.of("1"), false);

    writer.writeTo(body, Body.class, Body.class, new Annotation[0],
        MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"héllo\",\"attached_media\":[\"1\"],\"published\":false}");
  }

  @Test
  void textIsLeftToTheTextWriter() {
    var none = new Annotation[0];
    assertThat(writer.isWriteable(String.class, String.class, none, MediaType.APPLICATION_JSON_TYPE)).isFalse();
    assertThat(writer.isWriteable(Body.class, Body.class, none, MediaType.APPLICATION_JSON_TYPE)).isTrue();
  }
}
