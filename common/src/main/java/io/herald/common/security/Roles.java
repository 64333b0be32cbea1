package io.herald.common.security;

/** The roles carried in a Herald JWT's {@code groups} claim. */
public final class Roles {
  public static final String OWNER = "OWNER";
  public static final String ADMIN = "ADMIN";
  public static final String EDITOR = "EDITOR";
  public static final String VIEWER = "VIEWER";
  /** Herald's own services (a configured client; tenants cannot create it). */
  public static final String SERVICE = "service";

  private Roles() {}
}
