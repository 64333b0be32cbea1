package io.herald.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What auth-service reads from configuration (docs/architecture.md §6): one mapping per prefix, none inside
 * another, each key an env var (e.g. {@code herald.public-url} is HERALD_PUBLIC_URL). Inject the one you need
 * ({@code AuthConfig.Jwt}, ...). Local secrets ({@code herald.local-secrets.*}) are common's {@code LocalSecrets};
 * the platforms' origins and timeouts are the REST clients' ({@code quarkus.rest-client.*}, application.properties).
 */
@ConfigMapping(prefix = "herald")
public interface AuthConfig {

  /** Externally reachable base URL of auth-service, used to build the OAuth redirect URIs. */
  @WithDefault("http://localhost:8081")
  String publicUrl();

  /** Client id of Herald's own services (client_credentials grant, role {@code service}). */
  @WithDefault("herald-services")
  String serviceClientId();

  /** Secret of Herald's own services; required in prod, generated locally in dev/test when absent. */
  Optional<String> serviceClientSecret();

  /** Access tokens ({@code herald.jwt.*}). */
  @ConfigMapping(prefix = "herald.jwt")
  interface Jwt {
    /** The audience auth-service itself requires of the tokens it accepts. */
    String OWN_AUDIENCE = "herald-auth";

    /** RS256 private key (PKCS#8 PEM) used to sign access tokens. */
    Optional<String> signingKey();

    /** The {@code kid} of {@link #signingKey()}. */
    @WithDefault("herald-auth-1")
    String keyId();

    /** A JWKS document of further public keys to keep publishing and accepting (previous keys during a rotation). */
    Optional<String> additionalJwks();

    /**
     * The {@code iss} claim of issued tokens and of the discovery document: auth-service's public URL (standard
     * OAuth/OpenID clients fetch {@code {issuer}/.well-known/openid-configuration} and require the document's
     * {@code issuer} to be that URL). application.properties sets it to {@code herald.public-url}; the other services
     * verify the same value ({@code HERALD_JWT_ISSUER}, their {@code mp.jwt.verify.issuer}).
     */
    @WithDefault("http://localhost:8081")
    String issuer();

    /**
     * The {@code aud} of access tokens (RFC 9068): one identifier per Herald resource service, each of which accepts
     * only tokens naming it ({@code mp.jwt.verify.audiences}); auth-service's own is {@link #OWN_AUDIENCE}.
     */
    @WithDefault("herald-auth,herald-content,herald-publisher,herald-health")
    List<String> audiences();

    /** The {@code client_id} of tokens of password sessions (signup, login, invitation, their refreshes). */
    @WithDefault("herald-login")
    String sessionClientId();

    /** Lifetime of access tokens. */
    @WithDefault("PT15M")
    Duration accessTokenLifetime();

    /** Lifetime of refresh tokens (each use rotates it). */
    @WithDefault("P30D")
    Duration refreshTokenLifetime();
  }

  /** Encryption of platform tokens at rest ({@code herald.crypto.*}). */
  @ConfigMapping(prefix = "herald.crypto")
  interface Crypto {
    /** Token-encryption keys as {@code kid:base64(32 bytes)}, comma-separated; old ids keep decrypting. */
    Optional<List<String>> keys();

    /** The key id used for new writes; defaults to the last key of {@link #keys()}. */
    Optional<String> activeKey();
  }

  /**
   * Login throttling, passwords and invitations ({@code herald.login.*}). Each failed login counts in three scopes:
   * the email (from anywhere), the client address (any email) and the pair of both. In each scope the first
   * {@code *-free-failures} cost nothing; after that every further attempt must wait {@code base-delay} doubled per
   * failure, up to the scope's {@code *-max-delay} (a soft, captcha-free back-off, never a hard lock). A scope
   * forgets its failures {@link #window()} after the last one; a successful login clears the email and the pair.
   */
  @ConfigMapping(prefix = "herald.login")
  interface Login {
    /** Failed logins for one email, from any client, before each further attempt waits. */
    @WithDefault("10")
    int emailFreeFailures();

    /** The longest wait the email scope imposes (what any stranger can make the account holder wait at most). */
    @WithDefault("PT1M")
    Duration emailMaxDelay();

    /** Failed logins for one email from one client address before that client waits. */
    @WithDefault("3")
    int clientFreeFailures();

    /** The longest wait of one client on one email. */
    @WithDefault("PT15M")
    Duration clientMaxDelay();

    /** Failed logins from one client address, for any email, before that address waits. */
    @WithDefault("20")
    int addressFreeFailures();

    /** The longest wait of one client address. */
    @WithDefault("PT15M")
    Duration addressMaxDelay();

    /** The first wait after the free failures; each further failure doubles it. */
    @WithDefault("PT1S")
    Duration baseDelay();

    /** A scope forgets its failures this long after the last one. */
    @WithDefault("PT15M")
    Duration window();

    /**
     * Proxies (IP addresses or CIDRs, e.g. {@code 10.0.0.0/8}) whose {@link #forwardedHeader()} is believed: the
     * client is the right-most address of that header not in this list. Empty: the TCP peer is the client and
     * forwarded headers are ignored.
     */
    Optional<List<String>> trustedProxies();

    /** The one header the trusted proxies maintain: {@code X-Forwarded-For} or {@code Forwarded} (RFC 7239). */
    @WithDefault("X-Forwarded-For")
    String forwardedHeader();

    /** Minimum password length. */
    @WithDefault("12")
    int minPasswordLength();

    /**
     * bcrypt's cost (2^cost rounds) for new password hashes; a stored hash keeps the cost it was made with. Each step
     * down halves what a stolen hash costs to guess: only the tests lower it.
     */
    @WithDefault("12")
    int passwordHashCost();

    /** How long an invitation stays valid. */
    @WithDefault("P7D")
    Duration invitationLifetime();
  }

  /** The connect flow of social accounts ({@code herald.connect.*}). */
  @ConfigMapping(prefix = "herald.connect")
  interface Connect {
    /** How long each step of a connect may take (start link, the platform's consent, the confirmation). */
    @WithDefault("PT10M")
    Duration stepLifetime();
  }

  /** The Facebook app and login dialog ({@code herald.facebook.*}). */
  @ConfigMapping(prefix = "herald.facebook")
  interface Facebook {
    /** Facebook app id. */
    Optional<String> appId();

    /** Facebook app secret. */
    Optional<String> appSecret();

    /** The pinned Graph API version: in the Graph REST client's base address and in the login dialog's. */
    @WithDefault("v21.0")
    String apiVersion();

    /** Origin of the login dialog ({@code {dialog-url}/{version}/dialog/oauth}). */
    @WithDefault("https://www.facebook.com")
    String dialogUrl();

    /**
     * Permissions requested at connect: publishing, first comments ({@code pages_manage_engagement}) and the Pages a
     * user manages through a Business ({@code business_management}).
     */
    @WithDefault("pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,"
        + "business_management")
    String scopes();

    /** Permissions a Page token must hold; the daily check marks a Page lacking one NEEDS_REAUTH. */
    @WithDefault("pages_manage_posts,pages_read_engagement,pages_manage_engagement")
    List<String> requiredScopes();

    /** How often each Page token is inspected ({@code debug_token}); the checks are spread over this period. */
    @WithDefault("P1D")
    Duration healthCheckEvery();

    /** How often the check loop looks for Pages whose check is due. */
    @WithDefault("PT1M")
    Duration healthCheckPoll();

    /** When Facebook could not answer a check, how long until that Page is checked again. */
    @WithDefault("PT1H")
    Duration healthCheckRetry();
  }

  /** The TikTok app, its login page and the token refresh loop ({@code herald.tiktok.*}). */
  @ConfigMapping(prefix = "herald.tiktok")
  interface Tiktok {
    /** TikTok client key. */
    Optional<String> clientKey();

    /** TikTok client secret. */
    Optional<String> clientSecret();

    /** TikTok authorization origin ({@code /v2/auth/authorize/}). */
    @WithDefault("https://www.tiktok.com")
    String authUrl();

    /** Scopes requested at connect. */
    @WithDefault("user.info.basic,video.publish,video.upload")
    String scopes();

    /** How often the refresh loop looks for tokens to refresh. */
    @WithDefault("60s")
    Duration refreshEvery();

    /** Refresh an access token once less than this fraction of its life is left. */
    @WithDefault("0.2")
    double refreshAtRemainingFraction();

    /**
     * Per-token limit of {@code creator_info/query} calls per minute (TikTok's is 20), counted with publisher-worker's
     * calls in common's {@code TikTokRateLimiter}.
     */
    @WithDefault("20")
    int creatorInfoPerMinute();
  }
}
