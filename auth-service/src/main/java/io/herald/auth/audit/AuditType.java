package io.herald.auth.audit;

/** The kinds of events the audit log records. */
public enum AuditType {
  SIGNUP,
  LOGIN_SUCCEEDED,
  LOGIN_FAILED,
  LOGIN_THROTTLED,
  REFRESH_TOKEN_REUSED,
  USER_INVITED,
  INVITATION_ACCEPTED,
  ROLE_CHANGED,
  USER_REMOVED,
  API_CLIENT_CREATED,
  API_CLIENT_DELETED,
  ACCOUNT_CONNECTED,
  ACCOUNT_DISCONNECTED,
  ACCOUNT_NEEDS_REAUTH,
  TOKEN_REFRESHED,
  TOKEN_REFRESH_FAILED,
  /** Someone signed up, or was invited elsewhere, with the email of this tenant's user (no mail service: logged). */
  EXISTING_EMAIL_SIGNUP,
  EXISTING_ACCOUNT_INVITED,
  ACCOUNT_CONNECT_REFUSED,
  TENANT_SETTINGS_CHANGED,
  /** A connected account's settings changed (TikTok's verified URL prefixes). */
  ACCOUNT_SETTINGS_CHANGED
}
