package io.herald.auth.user;

import io.herald.common.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

  /** The account an email logs in to: at most one user per email is ACTIVE (a partial unique index). */
  public Optional<User> findActiveByEmail(String email) {
    return find("email = ?1 and status = ?2", normalise(email), User.Status.ACTIVE).firstResultOptional();
  }

  public Optional<User> findInTenantByEmail(UUID tenantId, String email) {
    return find("tenantId = ?1 and email = ?2", tenantId, normalise(email)).firstResultOptional();
  }

  public Optional<User> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
  }

  public List<User> listInTenant(UUID tenantId) {
    return list("tenantId = ?1 order by createdAt, email", tenantId);
  }

  public long countOwners(UUID tenantId) {
    return count("tenantId = ?1 and role = 'OWNER' and status = ?2", tenantId, User.Status.ACTIVE);
  }

  public Optional<User> findByInvitation(String invitationHash) {
    return find("invitationHash", invitationHash).firstResultOptional();
  }

  /**
   * Inserts the user at once, so that a concurrent insert of the same email (which the look-up before could not
   * see) answers 409 instead of failing at commit.
   */
  public static void persistUnique(UserRepository users, User user) {
    try {
      users.persistAndFlush(user);
    } catch (org.hibernate.exception.ConstraintViolationException e) {
      throw ProblemException.conflict("email-taken", "A user with this email already exists");
    }
  }

  /** Flushes pending changes; a unique violation (a concurrent activation of the same email) becomes {@code refusal}. */
  public static void flushUnique(UserRepository users, java.util.function.Supplier<ProblemException> refusal) {
    try {
      users.flush();
    } catch (org.hibernate.exception.ConstraintViolationException e) {
      throw refusal.get();
    }
  }

  public static String normalise(String email) {
    return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
  }
}
