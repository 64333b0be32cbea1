package io.herald.auth.social;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.auth.auth.AuthMetrics;
import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.ConnectFlowStore.ConnectFlow;
import io.herald.auth.social.ConnectFlowStore.Stage;
import io.herald.auth.social.dto.ConnectResponse;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.auth.tenant.ReturnUrls;
import io.herald.auth.tenant.TenantRepository;
import io.herald.auth.user.User;
import io.herald.auth.user.UserRepository;
import io.herald.common.crypto.SecretCipher;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The connect flow of Facebook Pages and TikTok accounts, bound to the browser that started it:
 * <ol>
 *   <li>{@link #create}: an OWNER/ADMIN asks (API); answers a Herald start link, single use.</li>
 *   <li>{@link #begin}: the browser opens the link; it gets a binding cookie (its hash kept with the flow) and is
 *       sent to the platform with a fresh {@code state} (and PKCE for TikTok).</li>
 *   <li>{@link #authorize}: the platform sends the browser back; a state whose cookie is missing or different is
 *       refused. The code is exchanged, and the answer (tokens included) waits, sealed, for the user's word: Herald
 *       shows who is connecting what to which tenant. Nothing is stored yet.</li>
 *   <li>{@link #decide}: the browser posts Confirm or Cancel with the flow's CSRF token (and its cookie); only a
 *       confirmation stores the accounts.</li>
 * </ol>
 * A flow ends on a Herald page, or at the client's {@code returnUrl} when it gave one on its tenant's allowlist.
 */
@ApplicationScoped
public class ConnectService {
  static final String START_PATH = "/api/v1/social-accounts/connect/start";
  static final String CONFIRM_PATH = "/api/v1/social-accounts/connect/confirm";

  private final AuthConfig config;
  private final AuthConfig.Facebook facebookApp;
  private final AuthConfig.Tiktok tiktokApp;
  private final ConnectFlowStore flows;
  private final FacebookClient facebook;
  private final TikTokClient tiktok;
  private final SocialAccountRepository accounts;
  private final UserRepository users;
  private final TenantRepository tenants;
  private final AccountTokens tokens;
  private final SecretCipher cipher;
  private final ObjectMapper json;
  private final AuditLog audit;
  private final AuthMetrics metrics;
  private final PageTokenCheck pageChecks;

  ConnectService(AuthConfig config, AuthConfig.Facebook facebookApp, AuthConfig.Tiktok tiktokApp,
      ConnectFlowStore flows, FacebookClient facebook, TikTokClient tiktok, SocialAccountRepository accounts,
      UserRepository users, TenantRepository tenants, AccountTokens tokens, SecretCipher cipher, ObjectMapper json,
      AuditLog audit, AuthMetrics metrics, PageTokenCheck pageChecks) {
    this.config = config;
    this.facebookApp = facebookApp;
    this.tiktokApp = tiktokApp;
    this.flows = flows;
    this.facebook = facebook;
    this.tiktok = tiktok;
    this.accounts = accounts;
    this.users = users;
    this.tenants = tenants;
    this.tokens = tokens;
    this.cipher = cipher;
    this.json = json;
    this.audit = audit;
    this.metrics = metrics;
    this.pageChecks = pageChecks;
  }

  /** An account the platform granted, as the confirmation shows it (no token). */
  public record Offered(String externalId, String name) {}

  /** The callback's result: what awaits the user's decision. */
  public record Pending(ConnectFlow flow, String csrfToken, String userEmail, String tenantName,
      List<Offered> accounts) {}

  /** How a flow ended. */
  public enum Status { CONNECTED, CANCELLED, DENIED, FAILED }

  /** The end of a flow; {@code error} is a problem type for DENIED and FAILED. */
  public record Outcome(Status status, ConnectFlow flow, String tenantName, List<SocialAccountView> accounts,
      String error, String detail) {}

  /**
   * A step failed. {@code flow} is set when the request was proven to come from the browser that started the flow
   * (so the client's returnUrl may be told); otherwise it is null.
   */
  public static class ConnectFailure extends RuntimeException {
    private final transient ProblemException problem;
    private final transient ConnectFlow flow;

    ConnectFailure(ProblemException problem, ConnectFlow flow) {
      super(problem.getMessage(), problem);
      this.problem = problem;
      this.flow = flow;
    }

    public ProblemException problem() {
      return problem;
    }

    public Optional<ConnectFlow> flow() {
      return Optional.ofNullable(flow);
    }
  }

  /** What the platform answered, kept sealed until the user decides. */
  record SealedResult(List<FacebookClient.Page> pages, TikTokClient.TokenPair pair, String displayName,
      String avatarUrl) {}

  /** Step 1 (API, OWNER/ADMIN): a new flow and its start link. */
  public ConnectResponse create(UUID tenantId, UUID userId, Platform platform, String returnUrl) {
    requireConfigured(platform);
    String checkedReturnUrl = null;
    if (returnUrl != null && !returnUrl.isBlank()) {
      var tenant = tenants.findById(tenantId);
      checkedReturnUrl = ReturnUrls.checkReturnUrl(returnUrl, tenant == null ? List.of() : tenant.allowlist())
          .orElseThrow(() -> ProblemException.invalid("returnUrl",
              "must be an http(s) URL whose origin is on the tenant's returnUrlAllowlist"));
    }
    String id = Secrets.randomToken(16);
    String startToken = Secrets.randomToken(32);
    flows.save(new ConnectFlow(id, tenantId, userId, platform, checkedReturnUrl, Stage.CREATED, null, null, null,
        null));
    flows.openStep("start", startToken, id);
    String startUrl = base() + START_PATH + "?flow=" + startToken;
    return new ConnectResponse(startUrl, id, id, Instant.now().plus(flows.lifetime()).truncatedTo(ChronoUnit.SECONDS));
  }

  /** The platform's consent page to send the browser to, and the binding the browser must carry from now on. */
  public record Redirect(String platformUrl, String binding) {}

  /**
   * Step 2 (browser): the start link, once. {@code presentedBinding} is the browser's binding cookie, if it has one
   * (several flows in one browser share it); otherwise a new one is made.
   */
  public Redirect begin(String startToken, String presentedBinding) {
    String id = flows.takeStep("start", startToken).orElseThrow(() -> failure(ProblemException.badRequest(
        "invalid-start-link", "This connect link was already used or has expired; start the connection again"),
        null));
    var flow = flows.find(id).filter(f -> f.stage() == Stage.CREATED).orElseThrow(() -> failure(
        ProblemException.badRequest("invalid-start-link", "This connection has expired; start it again"), null));
    String binding = presentedBinding != null && presentedBinding.matches("[A-Za-z0-9_-]{43}")
        ? presentedBinding : Secrets.randomToken(32);
    String state = Secrets.randomToken(32);
    String redirect = redirectUri(flow.platform());
    String url;
    String verifier = null;
    if (flow.platform() == Platform.FACEBOOK) {
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
    flows.save(flow.started(Secrets.sha256Hex(binding), verifier));
    flows.openStep("state", state, flow.id());
    return new Redirect(url, binding);
  }

  /**
   * Step 3 (browser, the platform's redirect): checks state and browser, exchanges the code, and keeps the answer
   * sealed for the user's decision. Answers the confirmation, or the end of the flow when the user denied consent.
   */
  public Object authorize(Platform platform, String state, String code, String error, String errorDescription,
      String presentedBinding) {
    if (state == null || state.isBlank()) {
      throw failure(invalidState("The state parameter is missing"), null);
    }
    String id = flows.takeStep("state", state).orElseThrow(() -> failure(invalidState(
        "The state is unknown, expired or already used; start the connection again"), null));
    var flow = flows.find(id).filter(f -> f.stage() == Stage.STARTED)
        .orElseThrow(() -> failure(invalidState("This connection has expired; start it again"), null));
    if (flow.platform() != platform) {
      flows.delete(id);
      throw failure(invalidState("The state was issued for another platform"), null);
    }
    if (!boundTo(flow, presentedBinding)) {
      flows.delete(id);
      metrics.connect(platform.name(), "refused");
      audit.record(AuditType.ACCOUNT_CONNECT_REFUSED, flow.tenantId(), flow.userId().toString(), "connect " + id,
          "the platform's answer came back to a browser that did not start this connection");
      throw failure(new ProblemException(403, "connect-browser-mismatch", "Forbidden",
          "This connection was started in another browser. Nothing was connected. If you did not start it "
              + "yourself, someone may have tried to connect your account to their Herald tenant."), null);
    }
    if (error != null && !error.isBlank()) {
      flows.delete(id);
      metrics.connect(platform.name(), "denied");
      String why = errorDescription == null || errorDescription.isBlank() ? error : error + ": " + errorDescription;
      return new Outcome(Status.DENIED, flow, tenantName(flow), List.of(), "authorization-denied",
          "The " + platform.name().toLowerCase(Locale.ROOT) + " authorization was not granted ("
              + printable(why, 200) + ")");
    }
    if (code == null || code.isBlank() || code.length() > 2000) {
      flows.delete(id);
      throw failure(ProblemException.badRequest("invalid-callback", "The code parameter is missing"), flow);
    }
    var user = connectingUser(flow);
    SealedResult result;
    try {
      if (platform == Platform.FACEBOOK) {
        var pages = facebook.pagesFor(code, redirectUri(platform));
        if (pages.isEmpty()) {
          throw ProblemException.unprocessable("no-pages",
              "The Facebook user manages no Page on which they may create content", List.of());
        }
        result = new SealedResult(pages, null, null, null);
      } else {
        var pair = tiktok.exchangeCode(code, redirectUri(platform), flow.codeVerifier());
        var profile = tiktok.profile(pair.accessToken());
        result = new SealedResult(null, pair, profile.map(TikTokClient.Profile::displayName).orElse(null),
            profile.map(TikTokClient.Profile::avatarUrl).orElse(null));
      }
    } catch (ProblemException e) {
      flows.delete(id);
      metrics.connect(platform.name(), "failed");
      throw failure(e, flow);
    } catch (CircuitBreakerOpenException e) {
      flows.delete(id);
      metrics.connect(platform.name(), "failed");
      throw failure(ProblemException.unavailable(
          platform.name() + " has been failing; try connecting again in a minute", 30), flow);
    } catch (PlatformException e) {
      flows.delete(id);
      metrics.connect(platform.name(), "failed");
      if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
        throw failure(new ProblemException(502, "platform-unavailable", "Bad Gateway",
            platform.name() + " could not be reached or failed; try connecting again later"), flow);
      }
      throw failure(ProblemException.badRequest("authorization-failed",
          "The platform refused the authorization code (" + printable(e.getMessage(), 200) + ")"), flow);
    }
    String csrf = Secrets.randomToken(32);
    var authorized = flow.authorized(Secrets.sha256Hex(csrf), cipher.encrypt(write(result), flow.resultContext()));
    flows.save(authorized);
    flows.openStep("decision", id, id);
    return new Pending(authorized, csrf, user.email, tenantName(flow), offered(result));
  }

  /** Step 4 (browser, the confirmation form): Confirm stores the accounts; Cancel drops the platform's answer. */
  public Outcome decide(String id, String csrfToken, boolean confirm, String presentedBinding) {
    var flow = flows.find(id).filter(f -> f.stage() == Stage.AUTHORIZED).orElseThrow(() -> failure(
        ProblemException.badRequest("invalid-confirmation", "This connection was already decided or has expired"),
        null));
    if (!boundTo(flow, presentedBinding)) {
      metrics.connect(flow.platform().name(), "refused");
      throw failure(new ProblemException(403, "connect-browser-mismatch", "Forbidden",
          "This connection was started in another browser; nothing was connected"), null);
    }
    if (csrfToken == null || !Secrets.constantTimeEquals(flow.csrfHash(), Secrets.sha256Hex(csrfToken))) {
      throw failure(new ProblemException(403, "invalid-csrf-token", "Forbidden",
          "The confirmation form is not this connection's; reload it from the connect link"), null);
    }
    if (flows.takeStep("decision", id).isEmpty()) {
      throw failure(ProblemException.badRequest("invalid-confirmation",
          "This connection was already decided or has expired"), null);
    }
    flows.delete(id);
    if (!confirm) {
      metrics.connect(flow.platform().name(), "cancelled");
      return new Outcome(Status.CANCELLED, flow, tenantName(flow), List.of(), null, "Nothing was connected");
    }
    var user = connectingUser(flow);
    SealedResult result = read(cipher.decrypt(flow.sealedResult(), flow.resultContext()));
    List<SocialAccountView> connected = QuarkusTransaction.requiringNew().call(() -> flow.platform()
        == Platform.FACEBOOK ? storePages(flow.tenantId(), user.id, result.pages())
        : List.of(storeTikTok(flow.tenantId(), user.id, result)));
    metrics.connect(flow.platform().name(), "connected");
    return new Outcome(Status.CONNECTED, flow, tenantName(flow), connected, null, null);
  }

  /** The flow of a verified browser request, to report a failure to the client's returnUrl. */
  private static ConnectFailure failure(ProblemException problem, ConnectFlow verifiedFlow) {
    return new ConnectFailure(problem, verifiedFlow);
  }

  private static boolean boundTo(ConnectFlow flow, String presentedBinding) {
    return presentedBinding != null && flow.bindingHash() != null
        && Secrets.constantTimeEquals(flow.bindingHash(), Secrets.sha256Hex(presentedBinding));
  }

  private User connectingUser(ConnectFlow flow) {
    return users.findInTenant(flow.tenantId(), flow.userId())
        .filter(u -> u.status == User.Status.ACTIVE)
        .filter(u -> Roles.OWNER.equals(u.role) || Roles.ADMIN.equals(u.role))
        .orElseThrow(() -> {
          flows.delete(flow.id());
          return failure(ProblemException.forbidden(
              "The user who started the connection can no longer connect accounts"), null);
        });
  }

  private String tenantName(ConnectFlow flow) {
    var tenant = tenants.findById(flow.tenantId());
    return tenant == null ? "(a removed tenant)" : tenant.name;
  }

  private static List<Offered> offered(SealedResult result) {
    if (result.pages() != null) {
      return result.pages().stream().map(p -> new Offered(p.id(), p.name())).toList();
    }
    var pair = result.pair();
    return List.of(new Offered(pair.openId(), result.displayName() != null ? result.displayName() : pair.openId()));
  }

  private String write(SealedResult result) {
    try {
      return json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise the platform's answer", e);
    }
  }

  private SealedResult read(String value) {
    try {
      return json.readValue(value, SealedResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot read the platform's answer", e);
    }
  }

  private List<SocialAccountView> storePages(UUID tenantId, UUID userId, List<FacebookClient.Page> pages) {
    var result = new ArrayList<SocialAccountView>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (var page : pages) {
      var account = upsert(tenantId, userId, Platform.FACEBOOK, page.id(), page.name(), now);
      tokens.storePageToken(account, page.accessToken(), now);
      account.scopes = page.scopes() == null || page.scopes().isEmpty() ? null
          : printable(String.join(",", page.scopes()), 500);
      account.healthDueAt = pageChecks.firstCheck(now).truncatedTo(ChronoUnit.MICROS);
      account.healthCheckedAt = null;
      result.add(SocialAccountService.view(account));
    }
    return result;
  }

  private SocialAccountView storeTikTok(UUID tenantId, UUID userId, SealedResult result) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    var pair = result.pair();
    String name = result.displayName();
    var account = upsert(tenantId, userId, Platform.TIKTOK, pair.openId(), name != null ? name : pair.openId(), now);
    account.avatarUrl = result.avatarUrl();
    tokens.storePair(account, pair, now);
    return SocialAccountService.view(account);
  }

  /** A reconnect of the same (tenant, platform, external id) updates the account in place and makes it ACTIVE. */
  private SocialAccount upsert(UUID tenantId, UUID userId, Platform platform, String externalId, String name,
      Instant now) {
    String external = printable(externalId, 128);
    var account = accounts.findByExternalId(tenantId, platform, external).orElseGet(() -> {
      var created = new SocialAccount();
      created.id = UUID.randomUUID();
      created.tenantId = tenantId;
      created.platform = platform;
      created.externalId = external;
      created.connectedAt = now;
      return created;
    });
    boolean isNew = !accounts.isPersistent(account);
    account.name = printable(name, 256);
    account.status = SocialAccount.Status.ACTIVE;
    account.statusReason = null;
    account.connectedBy = userId.toString();
    account.updatedAt = now;
    account.refreshLeaseOwner = null;
    account.refreshLeaseUntil = null;
    if (isNew) {
      accounts.persist(account);
    }
    audit.record(AuditType.ACCOUNT_CONNECTED, tenantId, userId.toString(), "social-account " + account.id,
        (isNew ? "connected " : "reconnected ") + platform + " " + external);
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

  private String base() {
    return config.publicUrl().replaceAll("/+$", "");
  }

  String redirectUri(Platform platform) {
    return base() + "/api/v1/social-accounts/callback/" + platform.name().toLowerCase(Locale.ROOT);
  }

  private static ProblemException invalidState(String detail) {
    return ProblemException.badRequest("invalid-state", detail);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** At most {@code max} characters, control characters (NUL included) dropped: safe to store and to show. */
  static String printable(String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value.codePoints().filter(c -> !Character.isISOControl(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return clean.length() <= max ? clean : clean.substring(0, max);
  }
}
