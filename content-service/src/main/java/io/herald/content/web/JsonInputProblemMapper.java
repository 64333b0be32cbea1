package io.herald.content.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.herald.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * quarkus-rest-jackson maps {@link MismatchedInputException} (e.g. an array where an object belongs) itself, as a
 * bare 400 without a body; this routes it to common's problem+json rendering instead. (Belongs in common.)
 */
public class JsonInputProblemMapper {
  private final ProblemMappers problems = new ProblemMappers();

  @ServerExceptionMapper(priority = 1)
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return problems.unreadableJson(e, uri);
  }
}
