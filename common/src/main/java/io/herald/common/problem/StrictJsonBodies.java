package io.herald.common.problem;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Request bodies of every Herald service are read strictly: a field the body type does not have is refused (422
 * {@code validation} naming it, {@link ProblemMappers#unknownField}), never ignored. A client's typo
 * ({@code "facebookTpye"}) or a field Herald does not support in that place would otherwise be accepted and the post
 * published as something else.
 *
 * <p>Only the server side reads with this mapper ({@code @ConstrainedTo(SERVER)}): what Herald reads from elsewhere
 * stays tolerant of fields added later — platform answers through REST clients (the application's
 * {@code ObjectMapper}, which Quarkus configures not to fail on unknown properties), stream messages
 * ({@code StreamFields}' own mapper, {@code JobPayload} and {@code PlatformOptions} carrying
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)}) and stored JSON columns. A body type that must accept any field
 * says so itself ({@code JsonNode}, {@code Map}, or {@code @JsonIgnoreProperties(ignoreUnknown = true)}).
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class StrictJsonBodies implements ContextResolver<ObjectMapper> {
  private final ObjectMapper strict;

  public StrictJsonBodies(ObjectMapper mapper) {
    this.strict = strict(mapper);
  }

  /** A copy of {@code mapper} (modules and settings kept) that refuses unknown fields. */
  public static ObjectMapper strict(ObjectMapper mapper) {
    return mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return strict;
  }
}
