package io.herald.common.security;

import io.herald.common.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, taken from the verified JWT: the tenant ({@code tid}), the subject ({@code sub}) and the
 * roles ({@code groups}). Every tenant-scoped query takes its tenant from here, never from the request.
 */
@RequestScoped
public class TenantContext {
  public static final String TENANT_CLAIM = "tid";

  private final JsonWebToken jwt;

  TenantContext(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  public UUID tenantId() {
    Object claim = jwt.getClaim(TENANT_CLAIM);
    if (claim == null) {
      throw new UnauthorizedException("The token carries no tenant");
    }
    try {
      return UUID.fromString(claim.toString().replace("\"", ""));
    } catch (IllegalArgumentException e) {
      throw new UnauthorizedException("The token's tenant is not a valid id");
    }
  }

  /** The subject: a user id, or an API client's id. */
  public String subject() {
    if (jwt.getSubject() == null) {
      throw new UnauthorizedException("The token carries no subject");
    }
    return jwt.getSubject();
  }

  public boolean hasRole(String role) {
    return jwt.getGroups() != null && jwt.getGroups().contains(role);
  }

  /** Refuses the call unless the caller holds one of the given roles. */
  public void requireAnyRole(String... roles) {
    for (String role : roles) {
      if (hasRole(role)) {
        return;
      }
    }
    throw ProblemException.forbidden("This needs one of the roles " + String.join(", ", roles));
  }
}
