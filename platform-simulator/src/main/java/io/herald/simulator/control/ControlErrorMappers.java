package io.herald.simulator.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The simulator's own error answers, {@code {"error": "<what is wrong>", "field"?}} as {@code application/json}:
 * control-API mistakes, control bodies that are not JSON, bugs. Platform endpoints render their errors themselves.
 *
 * <p>herald-common's bean archive (a dependency for liveness and the resources check) brings Herald's problem+json
 * mappers. {@code quarkus.arc.exclude-types} cannot remove them: Quarkus REST keeps the mappers it generated from
 * them and fails to create them (500). So these are registered for the same exception types with a lower priority
 * value, and win. Common's others (its ProblemException, Bean Validation, security) are never raised here.
 */
public class ControlErrorMappers {
  private static final int BEFORE_HERALD = Priorities.USER - 1000;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ControlError(String error, String field) {}

  @ServerExceptionMapper(priority = BEFORE_HERALD)
  public Response control(ControlException e) {
    return error(e.status, e.getMessage(), e.field);
  }

  @ServerExceptionMapper(priority = BEFORE_HERALD)
  public Response unreadableJson(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      return error(400, field + " has the wrong type or format", field);
    }
    return error(400, "the request body is not valid JSON", null);
  }

  /** Quarkus REST has a mapper of its own for this subtype; this one answers like its parent's. */
  @ServerExceptionMapper(priority = BEFORE_HERALD)
  public Response mismatchedInput(MismatchedInputException e) {
    return unreadableJson(e);
  }

  /** Routing and content negotiation (404, 405, 415...) answer as Quarkus makes them. */
  @ServerExceptionMapper(priority = BEFORE_HERALD)
  public Response webApplication(WebApplicationException e) {
    return e.getCause() instanceof JsonProcessingException unreadable ? unreadableJson(unreadable) : e.getResponse();
  }

  @ServerExceptionMapper(priority = BEFORE_HERALD)
  public Response unexpected(Throwable e) {
    Log.error("Unexpected error in the simulator", e);
    return error(500, "unexpected error in the simulator (" + e.getClass().getSimpleName() + "); see its log", null);
  }

  private static Response error(int status, String error, String field) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ControlError(error, field)).build();
  }
}
