package io.herald.auth.client;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.client.dto.ApiClientView;
import io.herald.auth.client.dto.CreateApiClientRequest;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Tenants' machine clients for REST integrations. Roles ADMIN, EDITOR, VIEWER only (never OWNER or service). */
@ApplicationScoped
public class ApiClientService {
  static final Set<String> GRANTABLE = Set.of(Roles.ADMIN, Roles.EDITOR, Roles.VIEWER);

  private final ApiClientRepository clients;
  private final AuditLog audit;

  ApiClientService(ApiClientRepository clients, AuditLog audit) {
    this.clients = clients;
    this.audit = audit;
  }

  @Transactional
  public ApiClientView create(UUID tenantId, String actor, boolean actorIsOwner, CreateApiClientRequest request) {
    for (String role : request.roles()) {
      if (!GRANTABLE.contains(role)) {
        throw ProblemException.invalid("roles", "each role must be one of ADMIN, EDITOR, VIEWER");
      }
    }
    if (request.roles().contains(Roles.ADMIN) && !actorIsOwner) {
      throw ProblemException.forbidden("Only an OWNER can create an ADMIN client");
    }
    String secret = Secrets.randomToken(32);
    var client = new ApiClient();
    client.id = UUID.randomUUID();
    client.tenantId = tenantId;
    client.clientId = "hc_" + Secrets.randomToken(12);
    client.secretHash = Secrets.sha256Hex(secret);
    client.name = request.name().strip();
    client.roles = String.join(",", new TreeSet<>(request.roles()));
    client.createdBy = actor;
    client.createdAt = Instant.now();
    clients.persist(client);
    audit.record(AuditType.API_CLIENT_CREATED, tenantId, actor, "api-client " + client.id, "roles " + client.roles);
    return new ApiClientView(client.id, client.clientId, secret, client.name, client.roleSet(), client.createdAt);
  }

  public List<ApiClientView> list(UUID tenantId) {
    return clients.listInTenant(tenantId).stream().map(ApiClientService::view).toList();
  }

  public ApiClientView get(UUID tenantId, UUID id) {
    return clients.findInTenant(tenantId, id).map(ApiClientService::view)
        .orElseThrow(() -> ProblemException.notFound("The API client"));
  }

  @Transactional
  public void delete(UUID tenantId, String actor, UUID id) {
    var client = clients.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("The API client"));
    clients.delete(client);
    audit.record(AuditType.API_CLIENT_DELETED, tenantId, actor, "api-client " + id, null);
  }

  /** The client, if the secret matches (compared as hashes in constant time). */
  public Optional<ApiClient> authenticate(String clientId, String secret) {
    return clients.findByClientId(clientId)
        .filter(c -> Secrets.constantTimeEquals(c.secretHash, Secrets.sha256Hex(secret)));
  }

  private static ApiClientView view(ApiClient c) {
    return new ApiClientView(c.id, c.clientId, null, c.name, c.roleSet(), c.createdAt);
  }
}
