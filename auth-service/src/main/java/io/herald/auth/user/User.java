package io.herald.auth.user;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who logs in to a tenant. The password hash never leaves this entity. */
@Entity
@Table(name = "users")
public class User {
  public enum Status { INVITED, ACTIVE }

  @Id
  public UUID id;
  public UUID tenantId;
  public String email;
  public String passwordHash;
  public String role;
  @Enumerated(EnumType.STRING)
  public Status status;
  public String invitationHash;
  public Instant invitationExpiresAt;
  public Instant createdAt;
}
