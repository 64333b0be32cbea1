package io.herald.auth.tenant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A customer organisation; everything else belongs to one. */
@Entity
@Table(name = "tenants")
public class Tenant {
  @Id
  public UUID id;
  public String name;
  public Instant createdAt;
  /** Origins the connect flow may return the browser to, space-separated (see {@link ReturnUrls}). */
  public String returnUrlAllowlist = "";

  public List<String> allowlist() {
    return returnUrlAllowlist == null || returnUrlAllowlist.isBlank() ? List.of()
        : Arrays.asList(returnUrlAllowlist.strip().split(" +"));
  }
}
