package io.herald.auth.client;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A tenant's machine client (REST integration); its secret is stored as a SHA-256 hash only. */
@Entity
@Table(name = "api_clients")
public class ApiClient {
  @Id
  public UUID id;
  public UUID tenantId;
  public String clientId;
  public String secretHash;
  public String name;
  /** Comma-separated roles. */
  public String roles;
  public String createdBy;
  public Instant createdAt;

  public Set<String> roleSet() {
    return new TreeSet<>(Arrays.asList(roles.split(",")));
  }
}
