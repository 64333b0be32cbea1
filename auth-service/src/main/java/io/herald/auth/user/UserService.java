package io.herald.auth.user;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.config.AuthConfig;
import io.herald.auth.tenant.TenantRepository;
import io.herald.auth.token.RefreshTokenRepository;
import io.herald.auth.user.dto.InviteUserRequest;
import io.herald.auth.user.dto.UserView;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's users. Only an OWNER may grant OWNER or change/remove an OWNER; the last OWNER can be neither
 * demoted nor removed (checked under a lock on the tenant row, so two concurrent changes cannot both pass).
 */
@ApplicationScoped
public class UserService {
  private final UserRepository users;
  private final TenantRepository tenants;
  private final RefreshTokenRepository refreshTokens;
  private final AuditLog audit;
  private final AuthConfig.Login config;

  UserService(UserRepository users, TenantRepository tenants, RefreshTokenRepository refreshTokens, AuditLog audit,
      AuthConfig.Login config) {
    this.users = users;
    this.tenants = tenants;
    this.refreshTokens = refreshTokens;
    this.audit = audit;
    this.config = config;
  }

  /** Who is acting: their tenant, id and whether they are an OWNER. */
  public record Actor(UUID tenantId, String id, boolean owner) {}

  @Transactional
  public UserView invite(Actor actor, InviteUserRequest request) {
    if (Roles.OWNER.equals(request.role()) && !actor.owner()) {
      throw ProblemException.forbidden("Only an OWNER can invite another OWNER");
    }
    String email = UserRepository.normalise(request.email());
    // Whether the email has an account in another tenant is not the inviter's business: the answer is the same
    // either way (only this tenant's own users, which it can list anyway, make a 409). The holder is told through
    // their tenant's audit log (there is no mail service to tell them by email).
    if (users.findInTenantByEmail(actor.tenantId(), email).isPresent()) {
      throw ProblemException.conflict("email-taken", "A user of this tenant already has this email");
    }
    users.findActiveByEmail(email).ifPresent(holder -> audit.record(AuditType.EXISTING_ACCOUNT_INVITED,
        holder.tenantId, null, "user " + holder.id, "another tenant invited this user's email"));
    String token = Secrets.randomToken(32);
    var user = new User();
    user.id = UUID.randomUUID();
    user.tenantId = actor.tenantId();
    user.email = email;
    user.role = request.role();
    user.status = User.Status.INVITED;
    user.invitationHash = Secrets.sha256Hex(token);
    user.createdAt = Instant.now();
    user.invitationExpiresAt = user.createdAt.plus(config.invitationLifetime());
    UserRepository.persistUnique(users, user);
    audit.record(AuditType.USER_INVITED, actor.tenantId(), actor.id(), "user " + user.id, "role " + user.role);
    return new UserView(user.id, user.email, user.role, user.status.name(), user.createdAt, token,
        user.invitationExpiresAt);
  }

  public List<UserView> list(UUID tenantId) {
    return users.listInTenant(tenantId).stream().map(UserService::view).toList();
  }

  public UserView get(UUID tenantId, UUID id) {
    return users.findInTenant(tenantId, id).map(UserService::view)
        .orElseThrow(() -> ProblemException.notFound("The user"));
  }

  @Transactional
  public UserView changeRole(Actor actor, UUID id, String role) {
    tenants.lock(actor.tenantId());
    var user = users.findInTenant(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("The user"));
    if ((Roles.OWNER.equals(role) || Roles.OWNER.equals(user.role)) && !actor.owner()) {
      throw ProblemException.forbidden("Only an OWNER can grant or take away the OWNER role");
    }
    if (Roles.OWNER.equals(user.role) && !Roles.OWNER.equals(role) && isLastOwner(user)) {
      throw ProblemException.conflict("last-owner", "The last OWNER of a tenant cannot be demoted");
    }
    String previous = user.role;
    user.role = role;
    if (!previous.equals(role)) {
      audit.record(AuditType.ROLE_CHANGED, actor.tenantId(), actor.id(), "user " + user.id, previous + " -> " + role);
    }
    return view(user);
  }

  @Transactional
  public void remove(Actor actor, UUID id) {
    tenants.lock(actor.tenantId());
    var user = users.findInTenant(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("The user"));
    if (Roles.OWNER.equals(user.role) && !actor.owner()) {
      throw ProblemException.forbidden("Only an OWNER can remove an OWNER");
    }
    if (Roles.OWNER.equals(user.role) && isLastOwner(user)) {
      throw ProblemException.conflict("last-owner", "The last OWNER of a tenant cannot be removed");
    }
    refreshTokens.revokeAllOfUser(user.id, Instant.now());
    users.delete(user);
    audit.record(AuditType.USER_REMOVED, actor.tenantId(), actor.id(), "user " + user.id, user.email);
  }

  private boolean isLastOwner(User user) {
    return user.status == User.Status.ACTIVE && users.countOwners(user.tenantId) <= 1;
  }

  private static UserView view(User u) {
    return new UserView(u.id, u.email, u.role, u.status.name(), u.createdAt, null,
        u.status == User.Status.INVITED ? u.invitationExpiresAt : null);
  }
}
