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
import io.quarkus.narayana.jta.QuarkusTransaction;
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
    // Every signup is counted against the client address first (atomically with the check) and a successful one
    // takes its count back: probing emails through signup is throttled like guessing passwords.
    var wait = throttle.signupAttempt(address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw ProblemException.tooManyRequests("Too many attempts from this address; try again in " + seconds + " s",
          seconds);
    }
    var existing = users.findActiveByEmail(email);
    if (existing.isPresent()) {
      // Herald cannot hide this while signup answers usable tokens at once (see docs/security.md): the answer is
      // throttled per client address, and the holder is told through their tenant's audit log, as there is no mail
      // service to tell them by email.
      var holder = existing.get();
      QuarkusTransaction.requiringNew().run(() -> audit.recordFrom(AuditType.EXISTING_EMAIL_SIGNUP, holder.tenantId,
          null, "user " + holder.id, "someone tried to sign up a new tenant with this user's email", address));
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
    var tokens = sessions.startSession(owner);
    throttle.signupSucceeded(address);
    return tokens;
  }

  /**
   * Not transactional as a whole: a failed attempt must leave its audit event and counter behind. The attempt is
   * counted (atomically with the check) before the password is compared; a right password takes it back.
   */
  public TokenResponse login(LoginRequest request, String address) {
    String email = UserRepository.normalise(request.email());
    var wait = throttle.attempt(email, address);
    if (wait.isPresent()) {
      var user = users.findActiveByEmail(email);
      audit.recordFrom(AuditType.LOGIN_THROTTLED, user.map(u -> u.tenantId).orElse(null),
          user.map(u -> u.id.toString()).orElse(null), "login", "too many failed logins", address);
      metrics.login("throttled");
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw ProblemException.tooManyRequests(
          "Too many failed logins; try again in " + seconds + " s", seconds);
    }
    var user = users.findActiveByEmail(email);
    if (!passwords.matches(request.password(), user.map(u -> u.passwordHash).orElse(null))) {
      audit.recordFrom(AuditType.LOGIN_FAILED, user.map(u -> u.tenantId).orElse(null),
          user.map(u -> u.id.toString()).orElse(null), "login", "wrong email or password", address);
      metrics.login("failure");
      throw new ProblemException(401, "invalid-credentials", "Unauthorized", "The email or password is wrong");
    }
    throttle.succeeded(email, address);
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
        .orElseThrow(AuthService::invalidInvitation);
    var holder = users.findActiveByEmail(user.email);
    if (holder.isPresent()) {
      // The email already logs in elsewhere. The invitation answers like any dead one (whoever holds the token
      // learns nothing more), and the account holder is told through their tenant's audit log.
      var existing = holder.get();
      QuarkusTransaction.requiringNew().run(() -> audit.recordFrom(AuditType.EXISTING_ACCOUNT_INVITED,
          existing.tenantId, null, "user " + existing.id,
          "an invitation to another tenant for this user's email could not be accepted", address));
      throw invalidInvitation();
    }
    passwords.check(request.password(), user.email);
    user.passwordHash = passwords.hash(request.password());
    user.status = User.Status.ACTIVE;
    user.invitationHash = null;
    user.invitationExpiresAt = null;
    UserRepository.flushUnique(users, AuthService::invalidInvitation);
    audit.recordFrom(AuditType.INVITATION_ACCEPTED, user.tenantId, user.id.toString(), "user " + user.id, null,
        address);
    metrics.tokenGrant("invitation", "issued");
    return sessions.startSession(user);
  }

  private static ProblemException invalidInvitation() {
    return ProblemException.badRequest("invalid-invitation", "The invitation is unknown, already used or expired");
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
