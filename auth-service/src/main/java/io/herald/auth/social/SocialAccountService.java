package io.herald.auth.social;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.social.dto.CapabilitiesView;
import io.herald.auth.social.dto.CredentialsView;
import io.herald.auth.social.dto.InternalSocialAccountView;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.auth.social.dto.UpdateSocialAccountRequest;
import io.herald.common.problem.Problem;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.herald.common.stream.AccountEvent;
import io.herald.common.stream.Platform;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Listing and disconnecting a tenant's accounts, and the internal calls that hand tokens to Herald's services. */
@ApplicationScoped
public class SocialAccountService {
  /** A token this close to expiry is refreshed before being handed out. */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(2);

  private final SocialAccountRepository accounts;
  private final AccountTokens tokens;
  private final TokenRefresher refresher;
  private final TikTokClient tiktok;
  private final AuditLog audit;
  private final AccountEvents events;
  private final AccountCapabilities capabilities;

  SocialAccountService(SocialAccountRepository accounts, AccountTokens tokens, TokenRefresher refresher,
      TikTokClient tiktok, AuditLog audit, AccountEvents events, AccountCapabilities capabilities) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.refresher = refresher;
    this.tiktok = tiktok;
    this.audit = audit;
    this.events = events;
    this.capabilities = capabilities;
  }

  public List<SocialAccountView> list(UUID tenantId) {
    return accounts.listInTenant(tenantId).stream().map(SocialAccountService::view).toList();
  }

  public SocialAccountView get(UUID tenantId, UUID id) {
    return view(find(tenantId, id));
  }

  /**
   * What the tenant's account can publish now (the platform is asked, answers kept a minute). Another tenant's
   * account is 404 before anything else; one that is not ACTIVE is 409, as its credentials would be.
   */
  public CapabilitiesView capabilities(UUID tenantId, UUID id) {
    QuarkusTransaction.requiringNew().run(() -> find(tenantId, id));
    return internalCapabilities(id);
  }

  /**
   * What an account can publish now, for a Herald service (content-service checks a new post's TikTok options against
   * the creator's settings): the same answer, cache and rate limit as the tenant's call; 404 unknown, 409 not ACTIVE.
   */
  public CapabilitiesView internalCapabilities(UUID id) {
    CredentialsView current = credentials(id);
    return capabilities.of(id, Secrets.sha256Hex(current.accessToken()), current.platform(), current.accessToken());
  }

  /**
   * Marks the account DISCONNECTED and drops its tokens; TikTok's token is then revoked (best effort), after the
   * disconnect committed, so that no transaction is held open across the call to TikTok.
   */
  public void disconnect(UUID tenantId, String actor, UUID id) {
    String toRevoke = QuarkusTransaction.requiringNew().call(() -> {
      var account = find(tenantId, id);
      if (account.status == SocialAccount.Status.DISCONNECTED) {
        return null;
      }
      String token = account.platform == Platform.TIKTOK && account.accessToken != null
          ? tokens.accessToken(account) : null;
      events.stop(account, AccountEvent.Status.DISCONNECTED, "disconnected by a user");
      tokens.drop(account);
      audit.record(AuditType.ACCOUNT_DISCONNECTED, tenantId, actor, "social-account " + id,
          account.platform + " " + account.externalId);
      return token;
    });
    if (toRevoke != null) {
      try {
        tiktok.revoke(toRevoke);
      } catch (PlatformException | CircuitBreakerOpenException e) {
        Log.warnf("TikTok did not confirm the revocation for account %s: %s", id, e.getMessage());
      }
    }
  }

  public InternalSocialAccountView internalView(UUID id) {
    var a = findAny(id);
    return new InternalSocialAccountView(a.id, a.tenantId, a.platform, a.externalId, a.name, a.status.name(),
        a.connectedAt, prefixes(a));
  }

  /** A usable access token, refreshed first when a TikTok token is due or about to expire. */
  public CredentialsView credentials(UUID id) {
    var account = requireActive(QuarkusTransaction.requiringNew().call(() -> findAny(id)));
    if (account.platform == Platform.TIKTOK && needsRefresh(account)) {
      refresher.refresh(id, TokenRefresher.Mode.IF_DUE);
    }
    return currentCredentials(id);
  }

  /** After the platform said the token is invalid: refresh now (unless that just happened), then as credentials. */
  public CredentialsView forceRefresh(UUID id) {
    var account = requireActive(QuarkusTransaction.requiringNew().call(() -> findAny(id)));
    if (account.platform == Platform.TIKTOK) {
      refresher.refresh(id, TokenRefresher.Mode.FORCE);
    }
    return currentCredentials(id);
  }

  @Transactional
  public void reauthRequired(UUID id, String reason) {
    var account = findAny(id);
    if (account.status == SocialAccount.Status.DISCONNECTED) {
      return;
    }
    needsReauth(account, "service", reason == null || reason.isBlank() ? "reported by a Herald service" : reason);
  }

  /**
   * Marks the account NEEDS_REAUTH inside the caller's transaction, the one way it is signalled: the audit log, and
   * (after the commit) {@code herald:accounts}, on which every worker and content-service replica forgets it.
   */
  void needsReauth(SocialAccount account, String actor, String reason) {
    events.stop(account, AccountEvent.Status.NEEDS_REAUTH, ConnectService.printable(reason, 500));
    audit.record(AuditType.ACCOUNT_NEEDS_REAUTH, account.tenantId, actor, "social-account " + account.id,
        account.statusReason);
  }

  /** Read in a transaction of its own, after the refresh (if any) committed its new pair. */
  private CredentialsView currentCredentials(UUID id) {
    var account = requireActive(QuarkusTransaction.requiringNew().call(() -> findAny(id)));
    if (account.accessExpiresAt != null && account.accessExpiresAt.isBefore(Instant.now())) {
      throw ProblemException.unavailable(
          "The access token has expired and could not be refreshed yet; try again shortly", 30);
    }
    return new CredentialsView(account.id, account.tenantId, account.platform, account.externalId,
        tokens.accessToken(account), account.accessExpiresAt);
  }

  private static boolean needsRefresh(SocialAccount account) {
    Instant now = Instant.now();
    return (account.refreshDueAt != null && !account.refreshDueAt.isAfter(now))
        || (account.accessExpiresAt != null && account.accessExpiresAt.isBefore(now.plus(EXPIRY_MARGIN)));
  }

  private static SocialAccount requireActive(SocialAccount account) {
    if (account.status == SocialAccount.Status.DISCONNECTED) {
      throw ProblemException.conflict("account-disconnected",
          "The account was disconnected by a user of its tenant; nothing is published to it until it is connected again");
    }
    if (account.status != SocialAccount.Status.ACTIVE || account.accessToken == null) {
      throw ProblemException.conflict("needs-reauth",
          "The account is " + account.status + "; a user of its tenant must reconnect it");
    }
    return account;
  }

  private SocialAccount find(UUID tenantId, UUID id) {
    return accounts.findInTenant(tenantId, id).orElseThrow(() -> ProblemException.notFound("The social account"));
  }

  private SocialAccount findAny(UUID id) {
    var account = accounts.findById(id);
    if (account == null) {
      throw ProblemException.notFound("The social account");
    }
    return account;
  }

  static SocialAccountView view(SocialAccount a) {
    return new SocialAccountView(a.id, a.platform, a.externalId, a.name, a.avatarUrl, a.status.name(),
        a.connectedAt, prefixes(a));
  }

  private static List<String> prefixes(SocialAccount a) {
    return a.verifiedUrlPrefixes == null ? List.of() : List.copyOf(a.verifiedUrlPrefixes);
  }

  /**
   * Replaces a TikTok account's verified URL prefixes (audited). Each is an absolute https URL with a host: TikTok
   * verifies domains and URL prefixes, and pulls over https only. A Facebook account has none to state.
   */
  @Transactional
  public SocialAccountView update(UUID tenantId, String actor, UUID id, UpdateSocialAccountRequest request) {
    var account = find(tenantId, id);
    var errors = new ArrayList<Problem.FieldError>();
    if (account.platform != Platform.TIKTOK && !request.verifiedUrlPrefixes().isEmpty()) {
      errors.add(new Problem.FieldError("verifiedUrlPrefixes",
          "only a TikTok account pulls media from verified URL prefixes"));
    }
    for (int i = 0; i < request.verifiedUrlPrefixes().size(); i++) {
      if (!isHttpsPrefix(request.verifiedUrlPrefixes().get(i))) {
        errors.add(new Problem.FieldError("verifiedUrlPrefixes[" + i + "]",
            "must be an absolute https URL with a host, such as https://cdn.example.com/"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    account.verifiedUrlPrefixes = new ArrayList<>(request.verifiedUrlPrefixes().stream().distinct().toList());
    account.updatedAt = Instant.now();
    audit.record(AuditType.ACCOUNT_SETTINGS_CHANGED, tenantId, actor, "social-account " + id,
        "verifiedUrlPrefixes " + account.verifiedUrlPrefixes);
    return view(account);
  }

  private static boolean isHttpsPrefix(String value) {
    try {
      var uri = new URI(value);
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isBlank()
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
