package io.herald.auth.auth;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.auth.dto.AcceptInvitationRequest;
import io.herald.auth.auth.dto.LoginRequest;
import io.herald.auth.auth.dto.MeView;
import io.herald.auth.auth.dto.SignupRequest;
import io.herald.auth.tenant.Tenant;
import io.herald.auth.tenant.TenantRepository;
import io.herald.auth.token.RefreshTokenService;
import io.herald.auth.token.TokenResponse;
import io.herald.auth.user.User;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Signup, login (with throttling) and accepting an invitation; each ends with a new session's tokens. */
@ApplicationScoped
public class AuthService {
  private final TenantRepository tenants;
  private final UserRepository users;
  private final PasswordPolicy passwords;
  private final LoginThrottle throttle;
  private final RefreshTokenService sessions;
  private final AuditLog audit;
  private final AuthMetrics metrics;

  AuthService(TenantRepository tenants, UserRepository users, PasswordPolicy passwords, LoginThrottle throttle,
      RefreshTokenService sessions, AuditLog audit, AuthMetrics metrics) {
    this.tenants = tenants;
    this.users = users;
    this.passwords = passwords;
    this.throttle = throttle;
    this.sessions = sessions;
    this.audit = audit;
    this.metrics = metrics;
  }

  @Transactional
  public TokenResponse signup(SignupRequest request, String address) {
    String email = UserRepository.normalise(request.email());
    passwords.check(request.password(), email);
    if (users.findByEmail(email).isPresent()) {
      throw ProblemException.conflict("email-taken", "An account with this email already exists");
    }
    var tenant = new Tenant();
    tenant.id = UUID.randomUUID();
    tenant.name = request.tenantName().strip();
    tenant.createdAt = Instant.now();
    tenants.persist(tenant);

    var owner = new User();
    owner.id = UUID.randomUUID();
    owner.tenantId = tenant.id;
    owner.email = email;
    owner.passwordHash = passwords.hash(request.password());
    owner.role = Roles.OWNER;
    owner.status = User.Status.ACTIVE;
    owner.createdAt = tenant.createdAt;
    UserRepository.persistUnique(users, owner);
    audit.recordFrom(AuditType.SIGNUP, tenant.id, owner.id.toString(), "tenant " + tenant.id, null, address);
    metrics.tokenGrant("signup", "issued");
    return sessions.startSession(owner);
  }

  /** Not transactional as a whole: a failed attempt must leave its audit event and counter behind. */
  public TokenResponse login(LoginRequest request, String address) {
    String email = UserRepository.normalise(request.email());
    var blocked = throttle.blockedFor(email, address);
    if (blocked.isPresent()) {
      var user = users.findByEmail(email);
      audit.recordFrom(AuditType.LOGIN_THROTTLED, user.map(u -> u.tenantId).orElse(null),
          user.map(u -> u.id.toString()).orElse(null), "login", "too many failed logins", address);
      metrics.login("throttled");
      throw ProblemException.tooManyRequests(
          "Too many failed logins; try again later", blocked.get().toSeconds());
    }
    var user = users.findByEmail(email).filter(u -> u.status == User.Status.ACTIVE);
    if (!passwords.matches(request.password(), user.map(u -> u.passwordHash).orElse(null))) {
      throttle.recordFailure(email, address);
      audit.recordFrom(AuditType.LOGIN_FAILED, user.map(u -> u.tenantId).orElse(null),
          user.map(u -> u.id.toString()).orElse(null), "login", "wrong email or password", address);
      metrics.login("failure");
      throw new ProblemException(401, "invalid-credentials", "Unauthorized", "The email or password is wrong");
    }
    throttle.clear(email);
    audit.recordFrom(AuditType.LOGIN_SUCCEEDED, user.get().tenantId, user.get().id.toString(), "login", null, address);
    metrics.login("success");
    metrics.tokenGrant("password", "issued");
    return sessions.startSession(user.get());
  }

  @Transactional
  public TokenResponse acceptInvitation(AcceptInvitationRequest request, String address) {
    var user = users.findByInvitation(Secrets.sha256Hex(request.token()))
        .filter(u -> u.status == User.Status.INVITED)
        .filter(u -> u.invitationExpiresAt != null && u.invitationExpiresAt.isAfter(Instant.now()))
        .orElseThrow(() -> ProblemException.badRequest("invalid-invitation",
            "The invitation is unknown, already used or expired"));
    passwords.check(request.password(), user.email);
    user.passwordHash = passwords.hash(request.password());
    user.status = User.Status.ACTIVE;
    user.invitationHash = null;
    user.invitationExpiresAt = null;
    audit.recordFrom(AuditType.INVITATION_ACCEPTED, user.tenantId, user.id.toString(), "user " + user.id, null,
        address);
    metrics.tokenGrant("invitation", "issued");
    return sessions.startSession(user);
  }

  public MeView me(UUID tenantId, String subject) {
    UUID userId;
    try {
      userId = UUID.fromString(subject);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("The user");
    }
    var user = users.findInTenant(tenantId, userId).orElseThrow(() -> ProblemException.notFound("The user"));
    var tenant = tenants.findById(tenantId);
    return new MeView(user.id, user.email, user.role, tenantId, tenant == null ? null : tenant.name);
  }
}
