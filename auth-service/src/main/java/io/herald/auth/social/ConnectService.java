package io.herald.auth.social;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.auth.AuthMetrics;
import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.dto.ConnectResponse;
import io.herald.auth.social.dto.ConnectedAccounts;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.Secrets;
import io.herald.common.problem.ProblemException;
import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The OAuth connect flow: builds the platform's authorization URL with a single-use state (and PKCE for TikTok),
 * then, on the browser's return, exchanges the code and stores one account per Facebook Page or per TikTok user.
 */
@ApplicationScoped
public class ConnectService {
  private final AuthConfig config;
  private final AuthConfig.Facebook facebookApp;
  private final AuthConfig.Tiktok tiktokApp;
  private final OAuthStateStore states;
  private final FacebookClient facebook;
  private final TikTokClient tiktok;
  private final SocialAccountRepository accounts;
  private final UserRepository users;
  private final AccountTokens tokens;
  private final AuditLog audit;
  private final AuthMetrics metrics;

  ConnectService(AuthConfig config, AuthConfig.Facebook facebookApp, AuthConfig.Tiktok tiktokApp,
      OAuthStateStore states, FacebookClient facebook, TikTokClient tiktok, SocialAccountRepository accounts,
      UserRepository users, AccountTokens tokens, AuditLog audit, AuthMetrics metrics) {
    this.config = config;
    this.facebookApp = facebookApp;
    this.tiktokApp = tiktokApp;
    this.states = states;
    this.facebook = facebook;
    this.tiktok = tiktok;
    this.accounts = accounts;
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
    this.metrics = metrics;
  }

  public ConnectResponse start(UUID tenantId, UUID userId, Platform platform) {
    requireConfigured(platform);
    String state = Secrets.randomToken(32);
    String redirect = redirectUri(platform);
    String url;
    String verifier = null;
    if (platform == Platform.FACEBOOK) {
      url = facebookApp.dialogUrl() + "/" + facebookApp.apiVersion() + "/dialog/oauth?client_id="
          + enc(facebookApp.appId().orElseThrow()) + "&redirect_uri=" + enc(redirect) + "&state=" + enc(state)
          + "&response_type=code&scope=" + enc(facebookApp.scopes());
    } else {
      verifier = Secrets.randomToken(48);
      String challenge = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
      url = tiktokApp.authUrl() + "/v2/auth/authorize/?client_key=" + enc(tiktokApp.clientKey().orElseThrow())
          + "&scope=" + enc(tiktokApp.scopes()) + "&response_type=code&redirect_uri=" + enc(redirect)
          + "&state=" + enc(state) + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }
    states.save(state, new OAuthStateStore.PendingConnect(tenantId, userId, platform, verifier));
    return new ConnectResponse(url, state);
  }

  /** The browser's return from the platform. Every failure is a 4xx (or 502 when the platform is down). */
  public ConnectedAccounts complete(Platform platform, String state, String code, String error,
      String errorDescription) {
    if (state == null || state.isBlank() || state.length() > 200) {
      throw invalidState("The state parameter is missing");
    }
    var pending = states.consume(state).orElseThrow(() -> invalidState(
        "The state is unknown, expired or already used; start the connection again"));
    if (pending.platform() != platform) {
      throw invalidState("The state was issued for another platform");
    }
    if (error != null && !error.isBlank()) {
      metrics.connect(platform.name(), "denied");
      String why = errorDescription == null || errorDescription.isBlank() ? error : error + ": " + errorDescription;
      throw ProblemException.badRequest("authorization-denied", "The " + platform.name().toLowerCase(Locale.ROOT)
          + " authorization was not granted (" + truncate(why, 200) + ")");
    }
    if (code == null || code.isBlank() || code.length() > 2000) {
      throw ProblemException.badRequest("invalid-callback", "The code parameter is missing");
    }
    var user = users.findInTenant(pending.tenantId(), pending.userId())
        .filter(u -> Roles.OWNER.equals(u.role) || Roles.ADMIN.equals(u.role))
        .orElseThrow(() -> invalidState("The user who started the connection can no longer connect accounts"));

    // The platform's answer is stored in a transaction of its own: none is held open across the platform calls.
    List<SocialAccountView> connected;
    try {
      if (platform == Platform.FACEBOOK) {
        var pages = facebook.pagesFor(code, redirectUri(platform));
        if (pages.isEmpty()) {
          throw ProblemException.unprocessable("no-pages",
              "The Facebook user manages no Page on which they may create content", List.of());
        }
        connected = QuarkusTransaction.requiringNew().call(() -> storePages(pending.tenantId(), user.id, pages));
      } else {
        var pair = tiktok.exchangeCode(code, redirectUri(platform), pending.codeVerifier());
        connected = QuarkusTransaction.requiringNew()
            .call(() -> List.of(storeTikTok(pending.tenantId(), user.id, pair)));
      }
    } catch (CircuitBreakerOpenException e) {
      metrics.connect(platform.name(), "failed");
      throw ProblemException.unavailable(platform.name() + " has been failing; try connecting again in a minute", 30);
    } catch (PlatformException e) {
      metrics.connect(platform.name(), "failed");
      if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
        throw new ProblemException(502, "platform-unavailable", "Bad Gateway",
            platform.name() + " could not be reached or failed; try connecting again later");
      }
      throw ProblemException.badRequest("authorization-failed",
          "The platform refused the authorization code (" + truncate(e.getMessage(), 200) + ")");
    }
    metrics.connect(platform.name(), "connected");
    return new ConnectedAccounts(connected);
  }

  private List<SocialAccountView> storePages(UUID tenantId, UUID userId, List<FacebookClient.Page> pages) {
    var result = new ArrayList<SocialAccountView>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (var page : pages) {
      var account = upsert(tenantId, userId, Platform.FACEBOOK, page.id(), page.name(), now);
      tokens.storePageToken(account, page.accessToken(), now);
      result.add(SocialAccountService.view(account));
    }
    return result;
  }

  private SocialAccountView storeTikTok(UUID tenantId, UUID userId, TikTokClient.TokenPair pair) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    var account = upsert(tenantId, userId, Platform.TIKTOK, pair.openId(), pair.openId(), now);
    tokens.storePair(account, pair, now);
    return SocialAccountService.view(account);
  }

  /** A reconnect of the same (tenant, platform, external id) updates the account in place and makes it ACTIVE. */
  private SocialAccount upsert(UUID tenantId, UUID userId, Platform platform, String externalId, String name,
      Instant now) {
    var account = accounts.findByExternalId(tenantId, platform, externalId).orElseGet(() -> {
      var created = new SocialAccount();
      created.id = UUID.randomUUID();
      created.tenantId = tenantId;
      created.platform = platform;
      created.externalId = externalId;
      created.connectedAt = now;
      return created;
    });
    boolean isNew = !accounts.isPersistent(account);
    account.name = truncate(name, 256);
    account.status = SocialAccount.Status.ACTIVE;
    account.statusReason = null;
    account.connectedBy = userId.toString();
    account.updatedAt = now;
    if (isNew) {
      accounts.persist(account);
    }
    audit.record(AuditType.ACCOUNT_CONNECTED, tenantId, userId.toString(), "social-account " + account.id,
        (isNew ? "connected " : "reconnected ") + platform + " " + externalId);
    return account;
  }

  private void requireConfigured(Platform platform) {
    boolean configured = platform == Platform.FACEBOOK
        ? facebookApp.appId().isPresent() && facebookApp.appSecret().isPresent()
        : tiktokApp.clientKey().isPresent() && tiktokApp.clientSecret().isPresent();
    if (!configured) {
      throw new ProblemException(503, "platform-not-configured", "Service Unavailable",
          "Herald has no " + platform + " app configured");
    }
  }

  String redirectUri(Platform platform) {
    return config.publicUrl().replaceAll("/+$", "") + "/api/v1/social-accounts/callback/"
        + platform.name().toLowerCase(Locale.ROOT);
  }

  private static ProblemException invalidState(String detail) {
    return ProblemException.badRequest("invalid-state", detail);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
