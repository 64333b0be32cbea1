package io.herald.auth.problem;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.herald.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST ships its own mapper for Jackson's {@link MismatchedInputException} (wrong types, unknown enum
 * values) that answers plain JSON; this one, being the application's, takes precedence and answers problem+json
 * through common's {@link ProblemMappers}. (Belongs in common: every service has the same gap.)
 */
public class JsonInputMappers {
  private final ProblemMappers problems = new ProblemMappers();

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return problems.unreadableJson(e, uri);
  }
}
